import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orders, refunds } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { lockRefund, type RefundRow } from "./refund-rules";

/**
 * An operator rejects a requested refund (nothing was held, so nothing moves in the ledger). Locks the order row,
 * then the refund row; only `requested` moves; rejecting again is a no-op answer, anything else → 409.
 */
export async function rejectRefund(db: Db, input: { refundId: string; operatorUserId: string | null; reason: string; now?: Date }): Promise<RefundRow> {
  return db.transaction(async (tx) => {
    const [peek] = await tx.select({ orderId: refunds.orderId, accountId: refunds.accountId }).from(refunds).where(eq(refunds.id, input.refundId));
    if (!peek) throw notFound("Refund");
    await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, peek.orderId), eq(orders.accountId, peek.accountId))).for("update");
    const refund = await lockRefund(tx, input.refundId);
    if (!refund) throw notFound("Refund");
    if (refund.status === "rejected") return refund;
    if (refund.status !== "requested") throw new AppError("refund_not_requested", `The refund is ${refund.status}; only a requested refund can be rejected.`, { details: { status: refund.status } });
    const now = input.now ?? new Date();
    const [updated] = await tx
      .update(refunds)
      .set({ status: "rejected", rejectionReason: input.reason, decidedByUserId: input.operatorUserId, decidedAt: now, updatedAt: now })
      .where(eq(refunds.id, refund.id))
      .returning();
    await recordAudit(tx, { action: "refund.reject", accountId: refund.accountId, targetType: "refund", targetId: refund.id, before: { status: refund.status }, after: { status: updated!.status, rejection_reason: input.reason } });
    return updated!;
  });
}
