import fs from "node:fs";
import path from "node:path";

/**
 * Without DATABASE_URL, development processes (the app, `npm run worker`, `db:seed`) use the embedded PostgreSQL
 * that `npm run dev` keeps running in EMBEDDED_PG_DIR: its postmaster.pid names the port. The password is the
 * fixed one `scripts/lib/embedded-postgres.mjs` gives that loopback-only server.
 */
export function embeddedDatabaseUrl(dataDir: string): string | undefined {
  const file = path.join(path.resolve(dataDir), "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(file, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return `postgres://postgres:khata-embedded@127.0.0.1:${port}/postgres`;
}
