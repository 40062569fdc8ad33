import type { Task } from "graphile-worker";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { reconcileSettledDay, runReconciliation } from "@/lib/reconciliation/run-reconciliation";
import type { JobDeps } from "../job-deps";

/**
 * An operator's run (payload `runId`), or the daily cron at 03:00 IST (no payload: the IST day that ended a
 * settlement grace ago, lib/reconciliation/run-reconciliation.ts reconcileSettledDay). Throws when the run failed: retried, then on /operator/jobs.
 */
export const runReconciliationTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { runId } = (payload ?? {}) as { runId?: string };
    const reconciliation = { db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now };
    if (runId) await runReconciliation(reconciliation, runId);
    else await reconcileSettledDay(reconciliation);
  };
