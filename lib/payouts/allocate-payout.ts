import { refundAmountPaise } from "@/lib/refunds/refundable-credits";

/** A paid top-up a payout may draw from, with what its refunds and other payouts already took. */
export interface AllocatableOrder {
  orderId: string;
  orderCredits: bigint;
  orderAmountPaise: bigint;
  /** Credits and paise of the order's committed refunds and payout allocations. */
  priorCredits: bigint;
  priorAmountPaise: bigint;
}

export interface PayoutAllocation {
  orderId: string;
  credits: bigint;
  amountPaise: bigint;
}

/**
 * Splits `credits` over the orders in the order given (the caller passes them newest first: LIFO, see
 * docs/BILLING.md), each taking at most what it has left; each part's money is the order's price of those credits
 * (refundAmountPaise: proportional, the part that completes an order takes the exact remainder). Returns null when
 * the orders together have fewer than `credits` left.
 */
export function allocatePayout(orders: readonly AllocatableOrder[], credits: bigint): PayoutAllocation[] | null {
  if (credits <= 0n) throw new RangeError("a payout needs a positive number of credits");
  const allocations: PayoutAllocation[] = [];
  let rest = credits;
  for (const order of orders) {
    if (rest === 0n) break;
    const left = order.orderCredits - order.priorCredits;
    if (left <= 0n) continue;
    const take = left < rest ? left : rest;
    allocations.push({
      orderId: order.orderId,
      credits: take,
      amountPaise: refundAmountPaise({
        credits: take,
        orderCredits: order.orderCredits,
        orderAmountPaise: order.orderAmountPaise,
        priorCredits: order.priorCredits,
        priorAmountPaise: order.priorAmountPaise,
      }),
    });
    rest -= take;
  }
  return rest === 0n ? allocations : null;
}

/** Credits left on the orders together (what they could still give a payout or a refund). */
export function creditsLeftOn(orders: readonly AllocatableOrder[]): bigint {
  return orders.reduce((sum, o) => (o.orderCredits > o.priorCredits ? sum + o.orderCredits - o.priorCredits : sum), 0n);
}
