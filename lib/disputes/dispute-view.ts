import type { disputes } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";
import { awaitsMerchant } from "./dispute-status";

export type DisputeRow = typeof disputes.$inferSelect;

/** What an owner reads about a dispute on their order (no evidence, no operator names). */
export function disputeView(row: DisputeRow) {
  return {
    dispute_id: row.id,
    order_id: row.orderId,
    cf_dispute_id: row.cfDisputeId,
    dispute_type: row.disputeType,
    status: row.cfStatus,
    resolution: row.resolution,
    amount: paiseToRupees(row.amountPaise),
    amount_paise: row.amountPaise,
    held_credits: row.heldCredits,
    unheld_credits: row.unheldCredits,
    reason_code: row.reasonCode,
    reason_description: row.reasonDescription,
    respond_by: row.respondBy,
    resolved_at: row.resolvedAt,
    created_at: row.createdAt,
  };
}
export type DisputeView = ReturnType<typeof disputeView>;

/** The operator's view: who answered, when, with what, and whether an answer is still possible. */
export function operatorDisputeView(row: DisputeRow) {
  return {
    ...disputeView(row),
    account_id: row.accountId,
    response: row.response,
    responded_by_user_id: row.respondedByUserId,
    responded_at: row.respondedAt,
    evidence: row.evidence,
    can_respond: row.resolution === "open" && row.response === null && awaitsMerchant(row.cfStatus),
  };
}
export type OperatorDisputeView = ReturnType<typeof operatorDisputeView>;
