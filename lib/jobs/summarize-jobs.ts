import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";

/** One task's jobs right now. */
export interface TaskJobCounts {
  task: string;
  /** Waiting to run: due now, or scheduled later (a retry's backoff, a webhook retry); attempts left. */
  queued: number;
  /** Of those, the ones that failed at least once and wait for their next attempt. */
  retrying: number;
  /** Locked by a worker. */
  running: number;
  /** Used up their attempts: nothing runs them again until an operator retries (POST /api/v1/admin/jobs/:id/retry). */
  failed: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

export interface SettlementLag {
  /** Recorded Cashfree events not settled yet (webhook inbox). */
  unsettledEvents: number;
  oldestUnsettledAt: Date | null;
  /** now − the oldest unsettled event's recording time; 0 when none. */
  lagSeconds: number;
}

export interface JobAlert {
  kind: "failures" | "settlement_lag";
  message: string;
}

export interface JobsSummary {
  byTask: TaskJobCounts[];
  totals: { queued: number; running: number; failed: number };
  settlement: SettlementLag;
  alerts: JobAlert[];
  thresholds: { failedJobs: number; settlementLagSeconds: number };
}

type CountRow = { task: string; queued: string; retrying: string; running: string; failed: string; last_error: string | null; last_error_at: string | Date | null };
type LagRow = { unsettled: string; oldest: string | Date | null };

/**
 * Operators only (policy `operator:jobs`): the job runner's state by task (graphile-worker's `jobs` view: finished
 * jobs are deleted, so it holds only the live and the failed ones) and the settlement lag (the webhook inbox's
 * oldest unsettled event, through its partial index `webhook_events_unsettled_idx`). Alerts when failed jobs reach
 * `failedJobs` or the lag passes `settlementLagSeconds` (JOBS_FAILED_ALERT_THRESHOLD, SETTLEMENT_LAG_ALERT_SECONDS).
 */
export async function summarizeJobs(db: Executor, input: { now: Date; thresholds: { failedJobs: number; settlementLagSeconds: number } }): Promise<JobsSummary> {
  const [counts, lag] = await Promise.all([
    db.execute(sql`
      select task_identifier as task,
             count(*) filter (where locked_at is null and attempts < max_attempts)::text as queued,
             count(*) filter (where locked_at is null and attempts > 0 and attempts < max_attempts)::text as retrying,
             count(*) filter (where locked_at is not null)::text as running,
             count(*) filter (where locked_at is null and attempts >= max_attempts)::text as failed,
             (array_agg(last_error order by updated_at desc) filter (where last_error is not null))[1] as last_error,
             max(updated_at) filter (where last_error is not null) as last_error_at
      from graphile_worker.jobs
      group by task_identifier
      order by task_identifier`),
    db.execute(sql`select count(*)::text as unsettled, min(created_at) as oldest from webhook_events where settled_at is null`),
  ]);
  const byTask = rowsOf<CountRow>(counts).map((r) => ({
    task: r.task,
    queued: Number(r.queued),
    retrying: Number(r.retrying),
    running: Number(r.running),
    failed: Number(r.failed),
    lastError: r.last_error ? r.last_error.slice(0, 2000) : null,
    lastErrorAt: r.last_error_at ? new Date(r.last_error_at) : null,
  }));
  const totals = byTask.reduce((t, r) => ({ queued: t.queued + r.queued, running: t.running + r.running, failed: t.failed + r.failed }), { queued: 0, running: 0, failed: 0 });
  const [lagRow] = rowsOf<LagRow>(lag);
  const oldest = lagRow?.oldest ? new Date(lagRow.oldest) : null;
  const settlement: SettlementLag = {
    unsettledEvents: Number(lagRow?.unsettled ?? 0),
    oldestUnsettledAt: oldest,
    lagSeconds: oldest ? Math.max(0, Math.floor((input.now.getTime() - oldest.getTime()) / 1000)) : 0,
  };
  const alerts: JobAlert[] = [];
  if (totals.failed >= input.thresholds.failedJobs) {
    alerts.push({ kind: "failures", message: `${totals.failed} background jobs have failed (alert at ${input.thresholds.failedJobs}): read their last errors and retry them.` });
  }
  if (settlement.lagSeconds > input.thresholds.settlementLagSeconds) {
    alerts.push({
      kind: "settlement_lag",
      message: `Settlement is behind: ${settlement.unsettledEvents} Cashfree events wait, the oldest for ${settlement.lagSeconds} s (alert after ${input.thresholds.settlementLagSeconds} s). Check the settle-webhook-events jobs.`,
    });
  }
  return { byTask, totals, settlement, alerts, thresholds: input.thresholds };
}
