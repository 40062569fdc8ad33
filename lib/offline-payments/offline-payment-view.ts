import type { offlinePayments } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";

export type OfflinePaymentRow = typeof offlinePayments.$inferSelect;

/** The JSON of one offline payment (seed 003's vocabulary where it has one: mode, status, receipt parts). */
export function toOfflinePaymentView(row: OfflinePaymentRow) {
  return {
    id: row.id,
    account_id: row.accountId,
    order_id: row.orderId,
    amount_paise: row.amountPaise.toString(),
    amt: paiseToRupees(row.amountPaise),
    mode: row.mode,
    payment_date: row.paidOn,
    ref: row.reference,
    pays_for: row.paysFor,
    plan: row.plan,
    credits: row.credits.toString(),
    status: row.status,
    receipt_number: row.receiptNumber,
    receiptno: row.receiptSeq,
    prefix: row.receiptPrefix,
    suffix: row.receiptSuffix,
    financial_year: row.financialYear,
    recorded_by: row.recordedByUserId,
    recorded_at: row.recordedAt.toISOString(),
    cancel_requested_by: row.cancelRequestedByUserId,
    cancel_requested_at: row.cancelRequestedAt?.toISOString() ?? null,
    cancel_reason: row.cancelReason,
    cancel_decided_by: row.cancelDecidedByUserId,
    cancel_decided_at: row.cancelDecidedAt?.toISOString() ?? null,
    cancel_decision: row.cancelDecision,
  };
}
export type OfflinePaymentView = ReturnType<typeof toOfflinePaymentView>;
