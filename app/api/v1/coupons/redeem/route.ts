// POST /api/v1/coupons/redeem – redeem a coupon code for credits (owner/admin; Idempotency-Key honoured)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { redeemCouponSchema } from "@/lib/coupons/coupon-schema";
import { toRedemptionView } from "@/lib/coupons/coupon-view";
import { redeemCoupon } from "@/lib/coupons/redeem-coupon";

export const POST = apiRoute(
  { auth: "session", action: "coupons:redeem", body: redeemCouponSchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    return { body: toRedemptionView(await redeemCoupon(db, { accountId, userId: me.userId, code: body.code })) };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
