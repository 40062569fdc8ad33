// POST /api/v1/admin/adjustments/:adjustment_id/reject – a second operator rejects a proposed adjustment, with a reason
import { rejectAdjustment } from "@/lib/adjustments/reject-adjustment";
import { adjustmentIdParamsSchema, rejectAdjustmentBodySchema } from "@/lib/adjustments/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";

export const POST = apiRoute(
  { auth: "session", action: "operator:adjustments", params: adjustmentIdParamsSchema, body: rejectAdjustmentBodySchema },
  async ({ db, actor, params, body }) => ({
    body: await rejectAdjustment(db, { adjustmentId: params.adjustment_id, operatorUserId: sessionUserId(actor), reason: body.reason }),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
