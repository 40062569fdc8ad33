// POST /api/v1/refunds – ask for a refund of unused credits from a paid top-up (owner/admin; an operator decides)
// GET /api/v1/refunds – the account's refunds, newest first, with their state
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listRefunds } from "@/lib/refunds/list-refunds";
import { toRefundView } from "@/lib/refunds/refund-view";
import { requestRefund } from "@/lib/refunds/request-refund";
import { listRefundsQuerySchema, requestRefundSchema } from "@/lib/refunds/schemas";

export const POST = apiRoute(
  { auth: "session", action: "refunds:request", body: requestRefundSchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const refund = await requestRefund(db, {
      accountId,
      orderId: body.order_id,
      credits: body.credits,
      reason: body.reason,
      requestedByUserId: actor?.kind === "session" ? actor.userId : null,
    });
    return { status: 201, body: toRefundView(refund) };
  },
);

export const GET = apiRoute(
  { auth: "session", action: "payments:read", query: listRefundsQuerySchema },
  async ({ db, accountId, query }) => ({ body: { refunds: (await listRefunds(db, accountId, query)).map(toRefundView), limit: query.limit, offset: query.offset } }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
