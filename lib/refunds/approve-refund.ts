import { recordAudit } from "@/lib/audit/record-audit";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { refunds } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { lockRefund, lockRefundableOrder, type RefundRow } from "./refund-rules";
import { startRefund } from "./start-refund";

export type ApproveRefundOutcome = { outcome: "approved"; refund: RefundRow } | { outcome: "already_approved"; refund: RefundRow };

/**
 * An operator approves a requested refund. One transaction, locks in this order: the order row, then the refund
 * row (as every refund writer), so twenty concurrent approvals serialise and only the first moves it; the others
 * see `pending` (already approved: 200, nothing changes). A refund that is rejected, failed or succeeded → 409.
 */
export async function approveRefund(db: Db, input: { refundId: string; operatorUserId: string | null; now?: Date }): Promise<ApproveRefundOutcome> {
  return db.transaction(async (tx) => {
    const [peek] = await tx.select({ orderId: refunds.orderId, accountId: refunds.accountId }).from(refunds).where(eq(refunds.id, input.refundId));
    if (!peek) throw notFound("Refund");
    const order = await lockRefundableOrder(tx, peek.accountId, peek.orderId);
    const refund = await lockRefund(tx, input.refundId);
    if (!refund) throw notFound("Refund");
    if (refund.status === "pending" || refund.status === "succeeded") return { outcome: "already_approved", refund };
    if (refund.status !== "requested") throw new AppError("refund_not_requested", `The refund is ${refund.status}; only a requested refund can be approved.`, { details: { status: refund.status } });
    const started = await startRefund(tx, order, refund, input.operatorUserId, input.now ?? new Date());
    await recordAudit(tx, { action: "refund.approve", accountId: refund.accountId, targetType: "refund", targetId: refund.id, before: { status: refund.status }, after: { status: started.status, credits: started.credits, amount_paise: started.amountPaise } });
    return { outcome: "approved", refund: started };
  });
}
