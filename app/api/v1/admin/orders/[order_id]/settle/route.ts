// POST /api/v1/admin/orders/:order_id/settle – operators: settle a flagged order only if Cashfree says it is PAID (who/when recorded)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { orderReviewDecisionView } from "@/lib/orders/order-view";
import { orderIdParamsSchema, orderReviewBodySchema } from "@/lib/orders/review-schemas";
import { settleFlaggedOrder } from "@/lib/orders/settle-flagged-order";

export const POST = apiRoute(
  { auth: "session", action: "operator:orders", params: orderIdParamsSchema, body: orderReviewBodySchema },
  async ({ db, actor, params, body }) => ({
    body: orderReviewDecisionView(await settleFlaggedOrder({ db, cashfree: getCashfreeClient() }, { orderId: params.order_id, reason: body.reason, byUserId: sessionUserId(actor) })),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
