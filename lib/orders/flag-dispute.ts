import { and, eq } from "drizzle-orm";
import type { DisputeWebhookData } from "@/lib/cashfree/webhook-events";
import type { Tx } from "@/lib/db";
import { orders } from "@/lib/db/schema";

/** A Cashfree dispute event: the order is flagged for an operator (reason appended), nothing else changes. */
export async function flagDispute(tx: Tx, data: DisputeWebhookData, now: Date): Promise<"order_flagged" | "unknown_order"> {
  const { dispute, order_details: details } = data;
  const reason = `dispute: ${dispute.dispute_id} ${dispute.dispute_type} ${dispute.dispute_status}`;
  const [order] = await tx
    .select({ id: orders.id, accountId: orders.accountId, reviewReason: orders.reviewReason })
    .from(orders)
    .where(eq(orders.id, details.order_id))
    .for("update");
  if (!order) return "unknown_order";
  await tx
    .update(orders)
    .set({ flaggedForReview: true, reviewReason: order.reviewReason ? `${order.reviewReason}; ${reason}` : reason, updatedAt: now })
    .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId)));
  return "order_flagged";
}
