import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders } from "@/lib/db/schema";

/**
 * Flags an order for an operator (/operator/orders) with a reason, appended to earlier ones ("; "), ONCE: a reason
 * already in review_reason is not added again, so a retried job or a redelivered event leaves one line. One
 * statement, so the caller need not have read the order; callers hold the order's row lock (every money writer
 * locks the order first), which keeps the append and the "already there?" check exact.
 */
export async function flagOrderForReview(tx: Tx, order: { accountId: string; orderId: string }, reason: string, now: Date): Promise<void> {
  await tx
    .update(orders)
    .set({
      flaggedForReview: true,
      reviewReason: sql`case
        when ${orders.reviewReason} is null or ${orders.reviewReason} = '' then ${reason}
        when strpos(${orders.reviewReason}, ${reason}) > 0 then ${orders.reviewReason}
        else ${orders.reviewReason} || '; ' || ${reason} end`,
      updatedAt: now,
    })
    .where(and(eq(orders.id, order.orderId), eq(orders.accountId, order.accountId)));
}
