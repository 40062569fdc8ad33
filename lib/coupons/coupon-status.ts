import type { coupons } from "@/lib/db/schema";

export type Coupon = typeof coupons.$inferSelect;

export type CouponStatus = "active" | "scheduled" | "expired" | "exhausted" | "disabled";

export function couponStatus(c: Coupon, now = new Date()): CouponStatus {
  if (c.disabledAt) return "disabled";
  if (c.validFrom.getTime() > now.getTime()) return "scheduled";
  if (c.validUntil && c.validUntil.getTime() <= now.getTime()) return "expired";
  if (c.maxRedemptions !== null && c.redemptionCount >= c.maxRedemptions) return "exhausted";
  return "active";
}
