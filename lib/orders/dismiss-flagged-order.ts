import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { orderReviewDecisions, orders } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";

export interface OrderReviewDecision {
  decisionId: string;
  orderId: string;
  accountId: string;
  decision: "dismissed" | "settled";
  reason: string;
  reviewReason: string | null;
  decidedByUserId: string;
  decidedAt: Date;
}

/**
 * An operator looked at a flagged order and decided nothing is owed either way: the flag is cleared and the
 * decision (who, when, why, and the flag's reason at the time) is recorded, in one transaction under the order's
 * row lock (the lock every money writer takes first, so a settlement cannot flag it again half-way). Moves no
 * money. Unknown order → 404; an order not flagged (already dismissed, or never) → 409 `order_not_flagged`.
 */
export async function dismissFlaggedOrder(db: Db, input: { orderId: string; reason: string; byUserId: string; now?: Date }): Promise<OrderReviewDecision> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update");
    if (!order) throw notFound("Order");
    if (!order.flaggedForReview) throw new AppError("order_not_flagged", "This order is not flagged for review (it may have been dismissed already).");
    const decision: OrderReviewDecision = {
      decisionId: newId("ord_rev"),
      orderId: order.id,
      accountId: order.accountId,
      decision: "dismissed",
      reason: input.reason,
      reviewReason: order.reviewReason,
      decidedByUserId: input.byUserId,
      decidedAt: now,
    };
    await tx.insert(orderReviewDecisions).values({ id: decision.decisionId, orderId: order.id, accountId: order.accountId, decision: "dismissed", reason: input.reason, reviewReason: order.reviewReason, decidedByUserId: input.byUserId, decidedAt: now });
    await tx.update(orders).set({ flaggedForReview: false, updatedAt: now }).where(eq(orders.id, order.id));
    await recordAudit(tx, { action: "order.dismiss_flag", accountId: order.accountId, targetType: "order", targetId: order.id, before: { flagged_for_review: true, review_reason: order.reviewReason }, after: { flagged_for_review: false, decision_id: decision.decisionId, reason: input.reason } });
    return decision;
  });
}
