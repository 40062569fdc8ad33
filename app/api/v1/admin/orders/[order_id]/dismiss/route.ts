// POST /api/v1/admin/orders/:order_id/dismiss – operators: clear an order's review flag with a reason (who/when recorded; moves no money)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";
import { dismissFlaggedOrder } from "@/lib/orders/dismiss-flagged-order";
import { orderReviewDecisionView } from "@/lib/orders/order-view";
import { orderIdParamsSchema, orderReviewBodySchema } from "@/lib/orders/review-schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:orders", params: orderIdParamsSchema, body: orderReviewBodySchema },
  async ({ db, actor, params, body }) => ({
    body: orderReviewDecisionView(await dismissFlaggedOrder(db, { orderId: params.order_id, reason: body.reason, byUserId: sessionUserId(actor) })),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
