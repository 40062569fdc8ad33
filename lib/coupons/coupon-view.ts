import { couponStatus, type Coupon } from "./coupon-status";
import type { RedeemCouponResult } from "./redeem-coupon";

/** A coupon as operators see it (admin API and the operator page). */
export function toCouponView(c: Coupon, now = new Date()) {
  return {
    id: c.id,
    code: c.code,
    credits: c.credits,
    valid_from: c.validFrom,
    valid_until: c.validUntil,
    max_redemptions: c.maxRedemptions,
    redemption_count: c.redemptionCount,
    disabled_at: c.disabledAt,
    status: couponStatus(c, now),
    created_at: c.createdAt,
  };
}

/** POST /api/v1/coupons/redeem. */
export function toRedemptionView(r: RedeemCouponResult) {
  return { code: r.code, credits_granted: r.creditsGranted, balance: r.balanceCredits };
}
