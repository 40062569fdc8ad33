// POST /api/v1/admin/disputes/:dispute_id/contest – operators: contest a dispute with a statement and documents (base64) sent to Cashfree
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";
import { contestDispute } from "@/lib/disputes/contest-dispute";
import { CONTEST_MAX_BODY_BYTES, contestDisputeSchema, disputeIdParamsSchema } from "@/lib/disputes/schemas";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";

export const POST = apiRoute(
  { auth: "session", action: "operator:disputes", params: disputeIdParamsSchema, body: contestDisputeSchema, maxBodyBytes: CONTEST_MAX_BODY_BYTES },
  async ({ db, actor, params, body }) => ({
    body: { dispute: await contestDispute({ db, cashfree: getCashfreeClient() }, { disputeId: params.dispute_id, userId: sessionUserId(actor), contest: body }) },
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
