// POST /api/v1/admin/refunds/:refund_id/approve – approve a requested refund: credits held, Cashfree refund queued (operators; idempotent)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { approveRefund } from "@/lib/refunds/approve-refund";
import { adminRefundView } from "@/lib/refunds/admin-refund-views";
import { refundIdParamsSchema } from "@/lib/refunds/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:refunds", params: refundIdParamsSchema },
  async ({ db, actor, params }) => {
    const result = await approveRefund(db, { refundId: params.refund_id, operatorUserId: actor?.kind === "session" ? actor.userId : null });
    return { body: { ...(await adminRefundView(db, result.refund, new Date())), outcome: result.outcome } };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
