// POST /api/v1/admin/adjustments/:adjustment_id/approve – a second operator applies a proposed adjustment (one ledger entry)
import { approveAdjustment } from "@/lib/adjustments/approve-adjustment";
import { adjustmentIdParamsSchema } from "@/lib/adjustments/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";
import { getEnv } from "@/lib/config/env";

export const POST = apiRoute({ auth: "session", action: "operator:adjustments", params: adjustmentIdParamsSchema }, async ({ db, actor, params }) => ({
  body: await approveAdjustment(db, { adjustmentId: params.adjustment_id, operatorUserId: sessionUserId(actor), singleApprovalLimitPaise: getEnv().ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE }),
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
