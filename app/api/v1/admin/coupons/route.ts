// GET /api/v1/admin/coupons – list coupons, newest first (platform operators); POST – create a coupon
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toCouponView } from "@/lib/coupons/coupon-view";
import { createCouponSchema, listCouponsQuerySchema } from "@/lib/coupons/coupon-schema";
import { createCoupon } from "@/lib/coupons/create-coupon";
import { listCoupons } from "@/lib/coupons/list-coupons";

export const GET = apiRoute(
  { auth: "session", action: "operator:coupons", query: listCouponsQuerySchema },
  async ({ db, query }) => {
    const { coupons, total } = await listCoupons(db, query);
    const now = new Date();
    return { body: { coupons: coupons.map((c) => toCouponView(c, now)), total, limit: query.limit, offset: query.offset } };
  },
);

export const POST = apiRoute(
  { auth: "session", action: "operator:coupons", body: createCouponSchema, idempotency: true },
  async ({ db, actor, body }) => {
    const coupon = await createCoupon(db, { ...body, createdByUserId: actor?.kind === "session" ? actor.userId : null });
    return { status: 201, body: toCouponView(coupon) };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
