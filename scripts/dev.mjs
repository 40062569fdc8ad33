// npm run dev – start the embedded PostgreSQL (unless DATABASE_URL is set), migrate and seed it, then the local
// SMTP sink (unless SMTP_URL is set; mails at /dev/mailbox), the Cashfree emulator, one job worker (`npm run
// worker`: webhook delivery, purges) and the Next.js dev server (which then runs no jobs itself). Ctrl-C stops
// everything, the database last and cleanly.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { startDevMailSink } from "./lib/dev-mail-sink.mjs";
import { DEFAULT_EMBEDDED_DIR, startEmbeddedPostgres } from "./lib/embedded-postgres.mjs";

const env = { ...process.env };
let database;
if (!env.DATABASE_URL) {
  const started = Date.now();
  const dataDir = env.EMBEDDED_PG_DIR || DEFAULT_EMBEDDED_DIR;
  database = await startEmbeddedPostgres({
    dataDir,
    port: env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : undefined,
    persistent: true,
    onLog: (line) => env.EMBEDDED_PG_VERBOSE === "1" && console.log(line),
  });
  env.DATABASE_URL = database.url;
  console.log(`[dev] PostgreSQL 17 (embedded) on 127.0.0.1:${database.port}, data in ${dataDir} (${Date.now() - started} ms)`);
}

let mailSink;
if (!env.SMTP_URL) {
  mailSink = await startDevMailSink({ dir: env.DEV_MAILBOX_DIR || ".data/mailbox" });
  env.SMTP_URL = mailSink.url;
  env.DEV_MAILBOX_DIR = mailSink.dir;
  console.log(`[dev] local SMTP sink on ${mailSink.url}: read mail at /dev/mailbox (stored in ${mailSink.dir})`);
}

const children = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) killGroup(c, "SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : undefined)));
  await mailSink?.stop();
  await database?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

// Each child leads its own process group and is stopped as a group: `npx` exits on SIGTERM without passing it
// on, which left next dev, the worker and the emulator running (and talking to a stopped database) after Ctrl-C.
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) killGroup(c, "SIGKILL");
});

function run(cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv }, detached: true });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping && code && code !== 0) {
      console.error(`${cmd} ${args.join(" ")} exited with ${code}`);
      void shutdown(code);
    }
  });
  return child;
}

const seeded = spawnSync("npx", ["tsx", "scripts/seed.ts"], { stdio: "inherit", env: { SEED_DEMO_HISTORY: "1", ...env } });
if (seeded.status !== 0) await shutdown(seeded.status ?? 1);

if ((env.CASHFREE_ENV ?? "emulator") === "emulator" && fs.existsSync("emulator/main.ts")) {
  run("npx", ["tsx", "emulator/main.ts"]);
}
run("npx", ["tsx", "scripts/worker.ts"]);
run("npx", ["next", "dev", "--port", env.PORT ?? "3000"], { JOBS_IN_PROCESS: "0" });
