// POST /api/v1/admin/refunds/:refund_id/reject – reject a requested refund with a reason (operators; idempotent)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { rejectRefund } from "@/lib/refunds/reject-refund";
import { toAdminRefundView } from "@/lib/refunds/refund-view";
import { refundIdParamsSchema, rejectRefundSchema } from "@/lib/refunds/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:refunds", params: refundIdParamsSchema, body: rejectRefundSchema },
  async ({ db, actor, params, body }) => ({
    body: toAdminRefundView(await rejectRefund(db, { refundId: params.refund_id, operatorUserId: actor?.kind === "session" ? actor.userId : null, reason: body.reason })),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
