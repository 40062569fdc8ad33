// GET /api/v1/admin/refunds – every account's refunds, newest first (?status=requested for the queue); POST – refund on the operator's own initiative
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { createOperatorRefund } from "@/lib/refunds/create-operator-refund";
import { adminRefundView, listAdminRefunds } from "@/lib/refunds/admin-refund-views";
import { listRefundsQuerySchema, requestRefundSchema } from "@/lib/refunds/schemas";

export const GET = apiRoute(
  { auth: "session", action: "operator:refunds", query: listRefundsQuerySchema },
  async ({ db, query }) => ({ body: { refunds: await listAdminRefunds(db, query, new Date()), limit: query.limit, offset: query.offset } }),
);

export const POST = apiRoute(
  { auth: "session", action: "operator:refunds", body: requestRefundSchema, idempotency: true },
  async ({ db, actor, body }) => {
    const refund = await createOperatorRefund(db, {
      orderId: body.order_id,
      credits: body.credits,
      reason: body.reason,
      operatorUserId: actor?.kind === "session" ? actor.userId : null,
    });
    return { status: 201, body: await adminRefundView(db, refund, new Date()) };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
