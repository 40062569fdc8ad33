import { sql } from "drizzle-orm";
import type { TaskList } from "graphile-worker";
import type { Db } from "@/lib/db";
import { runJobsOnce } from "@/lib/jobs/start-worker";
import type { DeliverOptions } from "@/lib/outbound-webhooks/deliver-webhook";
import type { DatabaseContext } from "./database";

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Works every job due now (and those they queue, if due) until none is left, then returns: deterministic. */
export async function drainJobs(ctx: DatabaseContext, input: { delivery?: DeliverOptions; tasks?: TaskList } = {}): Promise<void> {
  await runJobsOnce({ connectionString: ctx.url, db: ctx.db, delivery: input.delivery, tasks: input.tasks });
}

/** Makes every waiting job due now: the test's stand-in for time passing (never a sleep). */
export async function makeJobsDue(db: Db): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null and run_at > now() returning id`),
  );
  return rows.length;
}

export interface QueuedJob {
  id: string;
  task_identifier: string;
  key: string | null;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
}

/** Every job in the queue (the view hides payloads; the table has them). */
export async function queuedJobs(db: Db): Promise<QueuedJob[]> {
  const rows = rowsOf<QueuedJob>(
    await db.execute(sql`
      select j.id::text as id, t.identifier as task_identifier, j.key, j.payload, j.run_at, j.attempts, j.max_attempts, j.last_error
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      order by j.id`),
  );
  return rows.map((r) => ({ ...r, run_at: new Date(r.run_at), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts) }));
}
