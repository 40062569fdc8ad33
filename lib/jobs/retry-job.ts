import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { jobToJson, type JobRow, type JobView } from "./job-view";
import { rowsOf } from "@/lib/db/rows";

/**
 * Operator "Retry": gives a failed job a fresh set of attempts, due now (graphile-worker's reschedule_jobs).
 * Unknown id → 404; a job that has not failed, or is running, → 409 (it will run or is running anyway).
 */
export async function retryJob(db: Db, jobId: string): Promise<JobView> {
  const [job] = rowsOf<JobRow & { locked_at: string | null }>(
    await db.execute(sql`
      select id, task_identifier, key, attempts, max_attempts, last_error, run_at, created_at, updated_at, locked_at
      from graphile_worker.jobs where id = ${jobId}::bigint`),
  );
  if (!job) throw notFound("Job");
  if (Number(job.attempts) < Number(job.max_attempts)) {
    throw new AppError("job_not_failed", "This job has attempts left; it runs at its scheduled time.");
  }
  const rescheduled = rowsOf<{ id: string }>(
    await db.execute(sql`select id from graphile_worker.reschedule_jobs(array[${jobId}::bigint], run_at => now(), attempts => 0)`),
  );
  if (rescheduled.length === 0) throw new AppError("job_running", "This job is running right now.");
  // Wake idle workers now rather than at their next poll.
  await db.execute(sql`select pg_notify('jobs:insert', '{"count":1}')`);
  return jobToJson({ ...job, attempts: 0, run_at: new Date() });
}
