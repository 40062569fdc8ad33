import { paiseToRupees } from "@/lib/money/format-inr";
import type { RefundRow } from "./refund-rules";

export const REFUND_STATUSES_KHATA = ["requested", "rejected", "pending", "succeeded", "failed"] as const;

/** A refund as the API shows it (money as integer paise, rupees beside it, like orders). */
export function toRefundView(refund: RefundRow) {
  return {
    refund_id: refund.id,
    order_id: refund.orderId,
    credits: refund.credits,
    amount: paiseToRupees(refund.amountPaise),
    amount_paise: refund.amountPaise,
    reason: refund.reason,
    status: refund.status,
    initiated_by: refund.initiatedBy,
    decided_at: refund.decidedAt,
    rejection_reason: refund.rejectionReason,
    cf_refund_id: refund.cfRefundId,
    cf_refund_status: refund.cfRefundStatus,
    refund_arn: refund.refundArn,
    failure_reason: refund.failureReason,
    completed_at: refund.completedAt,
    created_at: refund.createdAt,
  };
}

/** The operator's view adds whose refund it is and who decided. */
export function toAdminRefundView(refund: RefundRow) {
  return { ...toRefundView(refund), account_id: refund.accountId, requested_by_user_id: refund.requestedByUserId, decided_by_user_id: refund.decidedByUserId };
}
