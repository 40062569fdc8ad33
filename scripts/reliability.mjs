// npm run test:reliability – the reliability suite (reliability/*.test.ts, docs/RELIABILITY.md):
// builds the app into its own dist dir (.next-reliability, so a concurrent `next build` into .next is untouched)
// unless RELIABILITY_SKIP_BUILD=1, checks that Postgres answers at TEST_DATABASE_URL, then runs vitest with
// vitest.reliability.config.ts. Each test file creates (and drops) its own fresh database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const distDir = process.env.RELIABILITY_DIST_DIR || ".next-reliability";
const databaseUrl = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const env = { ...process.env, NEXT_DIST_DIR: distDir, RELIABILITY_DIST_DIR: distDir, TEST_DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };
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

{
  const { default: postgres } = await import("postgres");
  const sql = postgres(databaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    console.error(`[reliability] PostgreSQL does not answer at ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}: ${error instanceof Error ? error.message : error}`);
    console.error("[reliability] the suite needs real Postgres (set TEST_DATABASE_URL); it does not run on PGlite.");
    process.exit(1);
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
  }
}

const t = Date.now();
const r = spawnSync("npx", ["vitest", "run", "--config", "vitest.reliability.config.ts", ...process.argv.slice(2)], { stdio: "inherit", env });
console.log(`[reliability] vitest: ${seconds(t)}s (exit ${r.status}); total ${seconds(started)}s`);
process.exit(r.status ?? 1);
