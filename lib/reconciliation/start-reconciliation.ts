import type { Db, Tx } from "@/lib/db";
import { reconciliationRuns } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { runView, type RunView } from "./reconciliation-view";

export type ReconciliationRunRow = typeof reconciliationRuns.$inferSelect;

/** A run's job: a few attempts (Cashfree may be down for a moment), then it shows on /operator/jobs. */
export const RECONCILIATION_JOB_MAX_ATTEMPTS = 5;

/**
 * The operator's button: records a queued run of [from, to) — who asked, and when — and queues its job in the
 * same transaction, so the run exists exactly when its job does. The job does the work (runReconciliation).
 */
export async function startReconciliation(tx: Tx, input: { from: Date; to: Date; userId: string | null; now: Date }): Promise<ReconciliationRunRow> {
  const [run] = await tx
    .insert(reconciliationRuns)
    .values({ id: newId("rr"), periodStart: input.from, periodEnd: input.to, triggeredBy: "operator", requestedByUserId: input.userId, requestedAt: input.now })
    .returning();
  await enqueueJob(tx, "run-reconciliation", { runId: run!.id }, { maxAttempts: RECONCILIATION_JOB_MAX_ATTEMPTS });
  return run!;
}

/** POST /api/v1/admin/reconciliation/runs: the operator's run of [from, to), queued in its own transaction. */
export async function requestReconciliation(db: Db, input: { from: Date; to: Date; userId: string | null; now?: Date }): Promise<RunView> {
  const now = input.now ?? new Date();
  return runView(await db.transaction((tx) => startReconciliation(tx, { ...input, now })));
}
