import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { jobToJson, type JobRow, type JobView } from "./job-view";
import { rowsOf } from "@/lib/db/rows";

/**
 * Jobs that used up their attempts (graphile-worker keeps them, attempts = max_attempts, with the last error),
 * most recently failed first, across all accounts: operators only. Such a job runs again only when retried.
 */
export async function listFailedJobs(db: Executor, input: { limit?: number } = {}): Promise<JobView[]> {
  const rows = rowsOf<JobRow>(
    await db.execute(sql`
      select id, task_identifier, key, attempts, max_attempts, last_error, run_at, created_at, updated_at
      from graphile_worker.jobs
      where attempts >= max_attempts and locked_at is null
      order by updated_at desc, id desc
      limit ${input.limit ?? 100}`),
  );
  return rows.map(jobToJson);
}
