import { ApproveRejectDecision } from "@/components/approve-reject-decision";

/** Approve (credits held, Cashfree refund queued) or reject with a reason, for a requested refund (operators). */
export function RefundDecision({ refundId }: { refundId: string }) {
  return <ApproveRejectDecision actionPath={`/api/v1/admin/refunds/${encodeURIComponent(refundId)}`} subject={`refund ${refundId}`} />;
}
