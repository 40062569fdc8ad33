import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { payouts } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { lockPayout, type PayoutRow } from "./payout-rules";

export type ApprovePayoutOutcome =
  /** Fully approved now: the transfer job is queued. */
  | { outcome: "approved"; payout: PayoutRow }
  /** The first of two approvals is recorded; a different operator must approve too. */
  | { outcome: "awaiting_second_approval"; payout: PayoutRow }
  /** Approved before (or already sent, or paid): nothing changes. */
  | { outcome: "already_approved"; payout: PayoutRow };

/**
 * An operator approves a requested payout. One transaction, the payout row locked (FOR UPDATE) first, so
 * concurrent approvals serialise. A payout above the limit needs two approvals by two different operators (maker ≠
 * checker; a database check enforces it too): the same operator approving twice → 409
 * `payout_needs_another_operator`, nothing changes. The last approval moves it to `approved` and queues
 * `send-payout-transfer` (job key per payout) to run after COMMIT. Each approval records who and when.
 * Rejected, failed or reversed → 409 `payout_not_requested`.
 */
export async function approvePayout(db: Db, input: { payoutId: string; operatorUserId: string; now?: Date }): Promise<ApprovePayoutOutcome> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const payout = await lockPayout(tx, input.payoutId);
    if (!payout) throw notFound("Payout");
    if (payout.status === "approved" || payout.status === "processing" || payout.status === "processed") return { outcome: "already_approved" as const, payout };
    if (payout.status !== "requested") {
      throw new AppError("payout_not_requested", `The payout is ${payout.status}; only a requested payout can be approved.`, { details: { status: payout.status } });
    }
    const isSecond = payout.approvalsRequired === 2 && payout.firstApprovedByUserId !== null;
    if (isSecond && payout.firstApprovedByUserId === input.operatorUserId) {
      throw new AppError("payout_needs_another_operator", "You approved this payout already: a different operator must give the second approval (maker ≠ checker).", {
        details: { approvals_required: 2, approvals: 1 },
      });
    }
    const complete = payout.approvalsRequired === 1 || isSecond;
    const [updated] = await tx
      .update(payouts)
      .set({
        ...(isSecond ? { secondApprovedByUserId: input.operatorUserId, secondApprovedAt: now } : { firstApprovedByUserId: input.operatorUserId, firstApprovedAt: now }),
        ...(complete ? { status: "approved" as const } : {}),
        updatedAt: now,
      })
      .where(eq(payouts.id, payout.id))
      .returning();
    await recordAudit(tx, { action: "payout.approve", accountId: payout.accountId, targetType: "payout", targetId: payout.id, before: { status: payout.status, approvals: isSecond ? 1 : 0 }, after: { status: updated!.status, approvals: isSecond ? 2 : 1 } });
    if (!complete) return { outcome: "awaiting_second_approval" as const, payout: updated! };
    await enqueueJob(tx, "send-payout-transfer", { payoutId: payout.id }, { jobKey: `send-payout-transfer:${payout.id}`, maxAttempts: 10 });
    return { outcome: "approved" as const, payout: updated! };
  });
}
