import { paiseToRupees } from "@/lib/money/format-inr";
import { maskAccountNumber, type PayoutAllocationRow, type PayoutRow } from "./payout-rules";

/** A payout as the account's API shows it: money as integer paise with rupees beside it; the account number masked. */
export function toPayoutView(payout: PayoutRow) {
  return {
    payout_id: payout.id,
    credits: payout.credits,
    amount: paiseToRupees(payout.amountPaise),
    amount_paise: payout.amountPaise,
    currency: "INR",
    status: payout.status,
    beneficiary: { name: payout.beneficiaryName, account_number: maskAccountNumber(payout.bankAccountNumber), ifsc: payout.bankIfsc },
    note: payout.note,
    approvals_required: payout.approvalsRequired,
    approvals: [payout.firstApprovedAt, payout.secondApprovedAt].filter((at) => at !== null).length,
    rejection_reason: payout.rejectionReason,
    failure_reason: payout.failureReason,
    transfer_utr: payout.transferUtr,
    completed_at: payout.completedAt,
    created_at: payout.createdAt,
    updated_at: payout.updatedAt,
  };
}

/** The operator's view adds whose payout it is, who approved or rejected it and when, Cashfree's ids, and the allocation. */
export function toAdminPayoutView(payout: PayoutRow, allocations: readonly PayoutAllocationRow[] = []) {
  return {
    ...toPayoutView(payout),
    account_id: payout.accountId,
    requested_by_user_id: payout.requestedByUserId,
    requested_by_api_key_id: payout.requestedByApiKeyId,
    first_approved_by_user_id: payout.firstApprovedByUserId,
    first_approved_at: payout.firstApprovedAt,
    second_approved_by_user_id: payout.secondApprovedByUserId,
    second_approved_at: payout.secondApprovedAt,
    rejected_by_user_id: payout.rejectedByUserId,
    rejected_at: payout.rejectedAt,
    cf_transfer_id: payout.cfTransferId,
    cf_status: payout.cfStatus,
    cf_beneficiary_id: payout.cfBeneficiaryId,
    allocations: allocations.map((a) => ({ order_id: a.orderId, credits: a.credits, amount_paise: a.amountPaise })),
  };
}
