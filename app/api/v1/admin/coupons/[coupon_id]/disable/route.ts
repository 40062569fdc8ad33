// POST /api/v1/admin/coupons/:coupon_id/disable – withdraw a coupon for good (platform operators; idempotent)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toCouponView } from "@/lib/coupons/coupon-view";
import { couponIdParamsSchema } from "@/lib/coupons/coupon-schema";
import { disableCoupon } from "@/lib/coupons/disable-coupon";

export const POST = apiRoute(
  { auth: "session", action: "operator:coupons", params: couponIdParamsSchema, idempotency: true },
  async ({ db, params }) => ({ body: toCouponView(await disableCoupon(db, params.coupon_id)) }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
