import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { refunds } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { refundAmountPaise } from "./refundable-credits";
import { exceedsRefundable, lockRefundableOrder, refundableState, type RefundRow } from "./refund-rules";

export interface RequestRefundInput {
  accountId: string;
  orderId: string;
  credits: bigint;
  reason: string;
  requestedByUserId: string | null;
  now?: Date;
}

/**
 * An owner/admin asks for a refund of unused credits (status `requested`, no hold yet: an operator decides).
 * One transaction: the order row is locked first (FOR UPDATE), so concurrent requests for one order count each
 * other; more credits than are refundable → 422 with `refundable_credits`, and nothing is written.
 */
export async function requestRefund(db: Db, input: RequestRefundInput): Promise<RefundRow> {
  return db.transaction(async (tx) => {
    const order = await lockRefundableOrder(tx, input.accountId, input.orderId);
    const state = await refundableState(tx, order);
    if (input.credits > state.refundableCredits) throw exceedsRefundable(input.credits, state.refundableCredits);
    const amountPaise = refundAmountPaise({
      credits: input.credits,
      orderCredits: order.credits,
      orderAmountPaise: order.amountPaise,
      priorCredits: state.priorCredits,
      priorAmountPaise: state.priorAmountPaise,
    });
    const now = input.now ?? new Date();
    const [row] = await tx
      .insert(refunds)
      .values({
        id: newId("rf"),
        accountId: order.accountId,
        orderId: order.id,
        credits: input.credits,
        amountPaise,
        reason: input.reason,
        status: "requested",
        initiatedBy: "account",
        requestedByUserId: input.requestedByUserId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, { action: "refund.request", accountId: row!.accountId, targetType: "refund", targetId: row!.id, after: { status: row!.status, order_id: row!.orderId, credits: row!.credits, amount_paise: row!.amountPaise, reason: row!.reason } });
    return row!;
  });
}
