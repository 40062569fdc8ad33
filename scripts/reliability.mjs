// npm run test:reliability – the reliability suite (reliability/*.test.ts, docs/RELIABILITY.md):
// builds the app into its own dist dir (.next-reliability, so a concurrent `next build` into .next is untouched)
// unless RELIABILITY_SKIP_BUILD=1, checks that PostgreSQL answers at TEST_DATABASE_URL (or starts an embedded one
// when it is unset), then runs vitest with vitest.reliability.config.ts. Each test file creates (and drops) its own
// fresh database.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { testServer } from "./lib/embedded-postgres.mjs";

const distDir = process.env.RELIABILITY_DIST_DIR || ".next-reliability";
const env = { ...process.env, NEXT_DIST_DIR: distDir, RELIABILITY_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
const started = Date.now();
const seconds = (from) => ((Date.now() - from) / 1000).toFixed(1);

if (process.env.RELIABILITY_SKIP_BUILD === "1") {
  if (!fs.existsSync(`${distDir}/BUILD_ID`)) {
    console.error(`[reliability] RELIABILITY_SKIP_BUILD=1 but ${distDir}/BUILD_ID is missing: build first (NEXT_DIST_DIR=${distDir} npx next build).`);
    process.exit(1);
  }
  console.log(`[reliability] reusing the production build in ${distDir}`);
} else {
  const t = Date.now();
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  console.log(`[reliability] next build → ${distDir}: ${seconds(t)}s (exit ${r.status})`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = await testServer("reliability");
const databaseUrl = server.url;
env.TEST_DATABASE_URL = databaseUrl;
{
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    console.error(`[reliability] PostgreSQL does not answer at ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  } finally {
    await client.end().catch(() => {});
  }
}

const t = Date.now();
// Async, so this process keeps draining the embedded server's log pipe (when it started one).
const status = await new Promise((resolve) => {
  const child = spawn("npx", ["vitest", "run", "--config", "vitest.reliability.config.ts", ...process.argv.slice(2)], { stdio: "inherit", env });
  child.on("exit", (code) => resolve(code ?? 1));
});
await server.stop();
console.log(`[reliability] vitest: ${seconds(t)}s (exit ${status}); total ${seconds(started)}s`);
process.exit(status);
