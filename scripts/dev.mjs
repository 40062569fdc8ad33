// npm run dev – seed the embedded database, start the Cashfree emulator and the Next.js dev server. The dev server
// also runs the background job runner in-process (JOBS_IN_PROCESS defaults to on outside production), on
// PostgreSQL: with DATABASE_URL set it delivers webhooks; on PGlite jobs queue and nothing runs them (docs/JOBS.md).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";

const children = [];
const run = (cmd, args, extraEnv = {}) => {
  const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  children.push(child);
  child.on("exit", (code) => {
    if (code && code !== 0) {
      console.error(`${cmd} ${args.join(" ")} exited with ${code}`);
      shutdown(code);
    }
  });
  return child;
};
function shutdown(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

const seeded = spawnSync("npx", ["tsx", "scripts/seed.ts"], { stdio: "inherit", env: { SEED_DEMO_HISTORY: "1", ...process.env } });
if (seeded.status !== 0) process.exit(seeded.status ?? 1);

if ((process.env.CASHFREE_ENV ?? "emulator") === "emulator" && fs.existsSync("emulator/main.ts")) {
  run("npx", ["tsx", "emulator/main.ts"]);
}
run("npx", ["next", "dev", "--port", process.env.PORT ?? "3000"]);
