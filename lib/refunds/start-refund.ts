import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { refunds } from "@/lib/db/schema";
import { holdCredits } from "@/lib/credits/hold-credits";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { exceedsRefundable, refundableState, type RefundOrder, type RefundRow } from "./refund-rules";

/**
 * Moves an approved refund to `pending`, inside the caller's transaction, with the order row and then the refund
 * row already locked: re-checks refundability (the balance may have been spent since the request), holds the
 * credits in the ledger (kind `refund`, cause `refund:<id>`, never below zero), records who decided and when, and
 * queues `create-cashfree-refund` (job key per refund) to run after COMMIT.
 */
export async function startRefund(tx: Tx, order: RefundOrder, refund: RefundRow, decidedByUserId: string | null, now: Date): Promise<RefundRow> {
  const state = await refundableState(tx, order, refund.id);
  if (refund.credits > state.refundableCredits) throw exceedsRefundable(refund.credits, state.refundableCredits);
  const hold = await holdCredits(tx, {
    accountId: refund.accountId,
    kind: "refund",
    amountCredits: refund.credits,
    causeKey: `refund:${refund.id}`,
    orderId: order.id,
    description: `Refund ${refund.id}: ${refund.credits} credits held while the money goes back`,
  });
  if (hold.outcome === "insufficient_balance") throw exceedsRefundable(refund.credits, state.refundableCredits < hold.balanceCredits ? state.refundableCredits : hold.balanceCredits);
  const [updated] = await tx
    .update(refunds)
    .set({ status: "pending", decidedByUserId, decidedAt: now, updatedAt: now })
    .where(eq(refunds.id, refund.id))
    .returning();
  await enqueueJob(tx, "create-cashfree-refund", { refundId: refund.id }, { jobKey: `create-cashfree-refund:${refund.id}`, maxAttempts: 10 });
  return updated!;
}
