// npm run worker – runs background jobs (webhook delivery, purges) on DATABASE_URL (or the embedded dev server)
// until SIGINT/SIGTERM.
// Any number may run at once on one database; each job runs on one of them (docs/JOBS.md).
import { getEnv } from "@/lib/config/env";
import { getDbHandle } from "@/lib/db";
import { startWorker } from "@/lib/jobs/start-worker";
import { log } from "@/lib/log";

const env = getEnv();
const handle = await getDbHandle();
const worker = await startWorker({ connectionString: handle.url, concurrency: env.JOBS_CONCURRENCY, skipTasks: env.JOBS_SKIP_TASKS, db: handle.db });
log.info("job worker started", { concurrency: env.JOBS_CONCURRENCY, skipTasks: env.JOBS_SKIP_TASKS });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("job worker stopping: running jobs finish first", { signal });
  await worker.stop();
  await handle.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
worker.done.catch(async (error: unknown) => {
  log.error("job worker crashed", { error: String(error) });
  await handle.close().catch(() => {});
  process.exit(1);
});
