import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import type { JobName, JobPayloads } from "./job-names";

export interface EnqueueJobOptions {
  /** At most one waiting job per key: adding again replaces the waiting one (a running one is left to finish). */
  jobKey?: string;
  runAt?: Date;
  /** graphile-worker's attempts for a job whose task throws (default 25), with its own exp(min(attempts, 10)) s backoff. */
  maxAttempts?: number;
  /** graphile-worker runs lower numbers first (default 0). */
  priority?: number;
}

/**
 * Adds a job INSIDE THE CALLER'S TRANSACTION (`graphile_worker.add_job`), so it exists exactly when the change
 * that caused it commits, and vanishes with it on rollback. A worker picks it up after commit (LISTEN/NOTIFY).
 */
export async function enqueueJob<N extends JobName>(tx: Executor, name: N, payload: JobPayloads[N], options: EnqueueJobOptions = {}): Promise<void> {
  await tx.execute(sql`
    select graphile_worker.add_job(
      identifier => ${name}::text,
      payload => ${JSON.stringify(payload)}::json,
      run_at => ${options.runAt ? options.runAt.toISOString() : null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      priority => ${options.priority ?? null}::int
    )`);
}
