import { ApproveRejectDecision } from "@/components/approve-reject-decision";

/** Approve (the last approval sends the transfer) or reject with a reason (credits returned), for a requested payout (operators). */
export function PayoutDecision({ payoutId }: { payoutId: string }) {
  return <ApproveRejectDecision actionPath={`/api/v1/admin/payouts/${encodeURIComponent(payoutId)}`} subject={`payout ${payoutId}`} />;
}
