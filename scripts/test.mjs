// npm test – everything: typecheck, lint, unit, integration, the bundle check, Playwright e2e against a production
// build, and the reliability suite. Every database step runs on real PostgreSQL: TEST_DATABASE_URL (CI), or one
// embedded PostgreSQL started for the whole run and removed after it. Prints one summary line per step.
import { spawn } from "node:child_process";
import { testServer } from "./lib/embedded-postgres.mjs";

const steps = [
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", ".", "--max-warnings=0"]],
  ["unit", "npx", ["vitest", "run", "--project", "unit"]],
  ["integration (PostgreSQL)", "npx", ["vitest", "run", "--project", "integration", "--reporter=verbose"]],
  ["bundle check (sandbox build)", "node", ["scripts/check-bundle.mjs"]],
  ["e2e (playwright)", "node", ["scripts/e2e.mjs"]],
  // Fault and load tests on real Postgres (docs/RELIABILITY.md); builds into .next-reliability.
  // Reuses the e2e step's production build instead of building a third time.
  ["reliability", "node", ["scripts/reliability.mjs"], { RELIABILITY_SKIP_BUILD: "1", RELIABILITY_DIST_DIR: ".next" }],
];

const server = await testServer("npm test");
process.env.TEST_DATABASE_URL = server.url;

const only = process.argv.slice(2);
const selected = steps.filter(([name]) => !only.length || only.some((o) => name.startsWith(o)));
const results = [];
for (const [name, cmd, args, extraEnv] of selected) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  // Async, so this process keeps draining the embedded server's log pipe while a step runs.
  const status = await new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.on("exit", (code) => resolve(code));
    child.on("error", () => resolve(1));
  });
  results.push({ name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  if (status !== 0) break;
}
await server.stop();
console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.name} (${r.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
const notRun = selected.length - results.length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed${notRun > 0 ? `, ${notRun} not run` : ""}`);
process.exit(failed ? 1 : 0);
