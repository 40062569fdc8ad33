import type { JobsSummary } from "./summarize-jobs";

/** A job as operators see it (GET-style JSON and the /operator/jobs page). */
export interface JobView {
  id: string;
  task: string;
  key: string | null;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface JobRow {
  id: string | number;
  task_identifier: string;
  key: string | null;
  attempts: number | string;
  max_attempts: number | string;
  last_error: string | null;
  run_at: string | Date;
  created_at: string | Date;
  updated_at: string | Date;
}

export function jobToJson(row: JobRow): JobView {
  return {
    id: String(row.id),
    task: row.task_identifier,
    key: row.key,
    attempts: Number(row.attempts),
    max_attempts: Number(row.max_attempts),
    // Task errors are our own messages (HTTP status, database error); cap them for the page.
    last_error: row.last_error ? row.last_error.slice(0, 2000) : null,
    run_at: new Date(row.run_at),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  };
}

/** GET /api/v1/admin/jobs/summary. */
export function jobsSummaryView(s: JobsSummary) {
  return {
    by_task: s.byTask.map((t) => ({ task: t.task, queued: t.queued, retrying: t.retrying, running: t.running, failed: t.failed, last_error: t.lastError, last_error_at: t.lastErrorAt })),
    totals: s.totals,
    settlement: { unsettled_events: s.settlement.unsettledEvents, oldest_unsettled_at: s.settlement.oldestUnsettledAt, lag_seconds: s.settlement.lagSeconds },
    alerts: s.alerts,
    thresholds: { failed_jobs: s.thresholds.failedJobs, settlement_lag_seconds: s.thresholds.settlementLagSeconds },
  };
}
