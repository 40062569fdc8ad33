import { EventEmitter } from "node:events";
import { runMigrations } from "graphile-worker";
import type { Pool } from "pg";
import type { DbHandle } from "@/lib/db/connect";
import { jobLogger } from "./job-logger";

interface PgliteClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

/**
 * Just enough of a pg.Pool over PGlite's one session for graphile-worker's migrations (which run sequentially
 * on one client): parameterless text may hold several statements, so it goes through `exec`.
 */
function pgliteMigrationPool(client: PgliteClient): Pool {
  const query = async (textOrConfig: string | { text: string; values?: unknown[] }, maybeValues?: unknown[]) => {
    const text = typeof textOrConfig === "string" ? textOrConfig : textOrConfig.text;
    const values = typeof textOrConfig === "string" ? maybeValues : textOrConfig.values;
    if (values && values.length > 0) return client.query(text, values);
    const results = await client.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  };
  const pool = Object.assign(new EventEmitter(), {
    options: { max: 1 },
    connect: async () => Object.assign(new EventEmitter(), { query, release: () => {} }),
    query,
    end: async () => {},
  });
  // Listeners present tell graphile-worker the pool's errors are handled (PGlite has no connection to lose).
  pool.on("error", () => {});
  pool.on("connect", () => {});
  return pool as unknown as Pool;
}

/**
 * Installs or upgrades graphile-worker's own schema (`graphile_worker`), so `graphile_worker.add_job` exists
 * before any transaction enqueues a job. Safe to run from several processes at once (graphile-worker detects
 * a concurrent migration). PGlite gets the schema too, so jobs can be enqueued there, but no runner can
 * work them: graphile-worker needs real Postgres connections (docs/JOBS.md).
 */
export async function migrateJobs(handle: DbHandle): Promise<void> {
  if (handle.engine === "postgres") {
    if (!handle.url) throw new Error("migrateJobs: the Postgres handle has no connection string");
    await runMigrations({ connectionString: handle.url, logger: jobLogger });
    return;
  }
  const client = (handle.db as unknown as { $client: PgliteClient }).$client;
  await runMigrations({ pgPool: pgliteMigrationPool(client), logger: jobLogger });
}
