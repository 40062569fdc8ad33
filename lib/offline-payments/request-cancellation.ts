import { recordAudit } from "@/lib/audit/record-audit";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { offlinePayments } from "@/lib/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { toOfflinePaymentView, type OfflinePaymentView } from "./offline-payment-view";

export interface RequestCancellationInput {
  paymentId: string;
  operatorUserId: string;
  reason: string;
  now?: Date;
}

/**
 * The maker's step: Paid → CancelRequest, recording who, when and why. Nothing moves yet (credits and invoice stay
 * until a different operator approves). The payment row is locked (FOR UPDATE), so concurrent requests and
 * decisions queue; a payment that is not Paid is a 409 and changes nothing.
 */
export async function requestCancellation(db: Db, input: RequestCancellationInput): Promise<OfflinePaymentView> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [payment] = await tx.select().from(offlinePayments).where(eq(offlinePayments.id, input.paymentId)).for("update");
    if (!payment) throw notFound("Offline payment");
    if (payment.status !== "Paid") {
      throw conflict("conflict", `Only a Paid payment can be cancelled; this one is ${payment.status}.`, { status: payment.status });
    }
    const [row] = await tx
      .update(offlinePayments)
      .set({
        status: "CancelRequest",
        cancelRequestedByUserId: input.operatorUserId,
        cancelRequestedAt: now,
        cancelReason: input.reason.trim(),
        cancelDecidedByUserId: null,
        cancelDecidedAt: null,
        cancelDecision: null,
      })
      .where(eq(offlinePayments.id, payment.id))
      .returning();
    await recordAudit(tx, { action: "offline_payment.cancel_request", accountId: payment.accountId, targetType: "offline_payment", targetId: payment.id, before: { status: payment.status }, after: { status: row!.status, cancel_reason: row!.cancelReason } });
    return toOfflinePaymentView(row!);
  });
}
