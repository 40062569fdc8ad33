/**
 * What may still be refunded from one paid top-up. Only `credit_topup` orders are refundable: a plan month is a
 * service being delivered (its credits and its features come together), so plan orders are refused rather than
 * pro-rated. Coupon credits are counted as spent LAST (usage eats paid credits first), which is the conservative
 * reading: a coupon's credits are never paid out as money.
 */
export interface RefundableInput {
  orderCredits: bigint;
  /** Credits of this order's refunds that are requested, pending or succeeded (the one being decided excluded). */
  committedCredits: bigint;
  balanceCredits: bigint;
  /** Coupon credits ever granted to the account (all of them treated as unspent while the balance covers them). */
  couponCredits: bigint;
}

export function refundableCredits(input: RefundableInput): bigint {
  const leftOnOrder = input.orderCredits - input.committedCredits;
  const paidInBalance = input.balanceCredits - input.couponCredits;
  const spendable = paidInBalance > 0n ? paidInBalance : 0n;
  const refundable = leftOnOrder < spendable ? leftOnOrder : spendable;
  return refundable > 0n ? refundable : 0n;
}

/**
 * The money sent back for `credits` of an order: credits × amountPaise / orderCredits, rounded down; the refund
 * that completes the order's credits takes the exact remainder, so the refunds of an order add up to what was paid.
 */
export function refundAmountPaise(input: {
  credits: bigint;
  orderCredits: bigint;
  orderAmountPaise: bigint;
  /** Credits and paise of this order's earlier refunds that are not rejected or failed. */
  priorCredits: bigint;
  priorAmountPaise: bigint;
}): bigint {
  const { credits, orderCredits, orderAmountPaise, priorCredits, priorAmountPaise } = input;
  if (credits <= 0n || orderCredits <= 0n) throw new RangeError("refund credits and order credits must be positive");
  if (priorCredits + credits > orderCredits) throw new RangeError("refund exceeds the order's credits");
  if (priorCredits + credits === orderCredits) return orderAmountPaise - priorAmountPaise;
  return (credits * orderAmountPaise) / orderCredits;
}
