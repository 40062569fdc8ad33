import { runMigrations } from "graphile-worker";
import { jobLogger } from "./job-logger";
import { ownPool } from "./job-pool";

/**
 * Installs or upgrades graphile-worker's own schema (`graphile_worker`), so `graphile_worker.add_job` exists
 * before any transaction enqueues a job. Safe to run from several processes at once (graphile-worker detects
 * a concurrent migration).
 */
export async function migrateJobs(url: string): Promise<void> {
  const pgPool = ownPool(url, 2);
  try {
    await runMigrations({ pgPool, logger: jobLogger });
  } finally {
    await pgPool.end();
  }
}
