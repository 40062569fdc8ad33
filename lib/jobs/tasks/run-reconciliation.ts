import type { Task } from "graphile-worker";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { reconcilePreviousDay, runReconciliation } from "@/lib/reconciliation/run-reconciliation";
import type { JobDeps } from "../job-deps";

/**
 * An operator's run (payload `runId`), or the daily cron (no payload: the previous IST day, 03:00 IST, when
 * Cashfree's previous-day settlements are out). Throws when the run failed: retried, then on /operator/jobs.
 */
export const runReconciliationTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { runId } = (payload ?? {}) as { runId?: string };
    const reconciliation = { db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now };
    if (runId) await runReconciliation(reconciliation, runId);
    else await reconcilePreviousDay(reconciliation);
  };
