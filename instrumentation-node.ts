import { ConfigError, getEnv } from "./lib/config/env";
import { getDbHandle } from "./lib/db";
import { log } from "./lib/log";

/**
 * Validates configuration (production refuses to start without its secrets, naming the variable), applies
 * migrations before the first request and, when JOBS_IN_PROCESS is on, runs background jobs in this process.
 */
export async function startNodeServer(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\nKhata cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const handle = await getDbHandle();
  const env = getEnv();
  if (!env.JOBS_IN_PROCESS) return;
  const { startWorker } = await import("./lib/jobs/start-worker");
  const worker = await startWorker({ connectionString: handle.url, concurrency: env.JOBS_CONCURRENCY, skipTasks: env.JOBS_SKIP_TASKS, db: handle.db });
  process.once("SIGTERM", () => void worker.stop());
  worker.done.catch((error: unknown) => log.error("in-process job runner stopped", { error: String(error) }));
}
