// POST /api/v1/admin/disputes/:dispute_id/accept – operators: accept a dispute through Cashfree (credits stay held, credit note issued)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { acceptDispute } from "@/lib/disputes/accept-dispute";
import { disputeIdParamsSchema } from "@/lib/disputes/schemas";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { sessionUserId } from "@/lib/api/session-actor";

export const POST = apiRoute({ auth: "session", action: "operator:disputes", params: disputeIdParamsSchema }, async ({ db, actor, params }) => ({
  body: { dispute: await acceptDispute({ db, cashfree: getCashfreeClient() }, { disputeId: params.dispute_id, userId: sessionUserId(actor) }) },
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
