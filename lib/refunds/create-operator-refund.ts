import { recordAudit } from "@/lib/audit/record-audit";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orders, refunds } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { notFound } from "@/lib/errors";
import { refundAmountPaise } from "./refundable-credits";
import { exceedsRefundable, lockRefundableOrder, refundableState, type RefundRow } from "./refund-rules";
import { startRefund } from "./start-refund";

/**
 * An operator refunds on their own initiative: the refund starts `pending` with the hold at once. One
 * transaction: order row locked first (its account is read from the order: operators act on any account), the
 * refund inserted, then startRefund (re-check, hold, job).
 */
export async function createOperatorRefund(db: Db, input: { orderId: string; credits: bigint; reason: string; operatorUserId: string | null; now?: Date }): Promise<RefundRow> {
  return db.transaction(async (tx) => {
    const [peek] = await tx.select({ accountId: orders.accountId }).from(orders).where(eq(orders.id, input.orderId));
    if (!peek) throw notFound("Order");
    const order = await lockRefundableOrder(tx, peek.accountId, input.orderId);
    const state = await refundableState(tx, order);
    if (input.credits > state.refundableCredits) throw exceedsRefundable(input.credits, state.refundableCredits);
    const now = input.now ?? new Date();
    const [row] = await tx
      .insert(refunds)
      .values({
        id: newId("rf"),
        accountId: order.accountId,
        orderId: order.id,
        credits: input.credits,
        amountPaise: refundAmountPaise({ credits: input.credits, orderCredits: order.credits, orderAmountPaise: order.amountPaise, priorCredits: state.priorCredits, priorAmountPaise: state.priorAmountPaise }),
        reason: input.reason,
        status: "requested",
        initiatedBy: "operator",
        requestedByUserId: input.operatorUserId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const started = await startRefund(tx, order, row!, input.operatorUserId, now);
    await recordAudit(tx, { action: "refund.create", accountId: started.accountId, targetType: "refund", targetId: started.id, after: { status: started.status, order_id: started.orderId, credits: started.credits, amount_paise: started.amountPaise, reason: started.reason } });
    return started;
  });
}
