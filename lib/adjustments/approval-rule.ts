/** 1 credit = ₹1 = 100 paise. */
export const PAISE_PER_CREDIT = 100n;

/**
 * Whether an adjustment needs a checker other than its maker: always, unless a limit is configured
 * (ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE) and the adjustment is worth no more than it.
 */
export function needsSecondOperator(credits: bigint, singleApprovalLimitPaise: bigint | null): boolean {
  if (singleApprovalLimitPaise === null) return true;
  return credits * PAISE_PER_CREDIT > singleApprovalLimitPaise;
}
