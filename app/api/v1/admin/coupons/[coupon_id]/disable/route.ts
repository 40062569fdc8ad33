// POST /api/v1/admin/coupons/:coupon_id/disable – withdraw a coupon for good (platform operators; idempotent)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { couponToJson } from "@/lib/coupons/coupon-json";
import { couponIdParamsSchema } from "@/lib/coupons/coupon-schema";
import { disableCoupon } from "@/lib/coupons/disable-coupon";

export const POST = apiRoute(
  { auth: "session", action: "operator:coupons", params: couponIdParamsSchema, idempotency: true },
  async ({ db, params }) => ({ body: couponToJson(await disableCoupon(db, params.coupon_id)) }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
