import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { jobToJson, type JobRow, type JobView } from "./job-view";
import { rowsOf } from "@/lib/db/rows";

/**
 * Operator "Retry": gives a failed job a fresh set of attempts, due now (graphile-worker's reschedule_jobs), in one
 * transaction with its audit entry (`job.retry`: a retried send-payout-transfer sends money). Unknown id → 404; a job
 * that has not failed, or is running, → 409 (it will run or is running anyway) and nothing is written.
 */
export async function retryJob(db: Db, jobId: string): Promise<JobView> {
  const job = await db.transaction(async (tx) => {
    const [found] = rowsOf<JobRow & { locked_at: string | null }>(
      await tx.execute(sql`
        select id, task_identifier, key, attempts, max_attempts, last_error, run_at, created_at, updated_at, locked_at
        from graphile_worker.jobs where id = ${jobId}::bigint`),
    );
    if (!found) throw notFound("Job");
    if (Number(found.attempts) < Number(found.max_attempts)) {
      throw new AppError("job_not_failed", "This job has attempts left; it runs at its scheduled time.");
    }
    const rescheduled = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from graphile_worker.reschedule_jobs(array[${jobId}::bigint], run_at => now(), attempts => 0)`),
    );
    if (rescheduled.length === 0) throw new AppError("job_running", "This job is running right now.");
    await recordAudit(tx, { action: "job.retry", accountId: null, targetType: "job", targetId: String(found.id), before: { attempts: Number(found.attempts), last_error: found.last_error?.slice(0, 500) ?? null }, after: { attempts: 0, task: found.task_identifier, key: found.key } });
    // Wake idle workers now rather than at their next poll (Postgres delivers it at COMMIT).
    await tx.execute(sql`select pg_notify('jobs:insert', '{"count":1}')`);
    return found;
  });
  return jobToJson({ ...job, attempts: 0, run_at: new Date() });
}
