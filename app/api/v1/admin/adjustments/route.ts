// GET /api/v1/admin/adjustments – credit adjustments across accounts, newest first (operators); POST – propose one (a second operator applies it)
import { proposeAdjustment } from "@/lib/adjustments/propose-adjustment";
import { listAdjustments } from "@/lib/adjustments/list-adjustments";
import { listAdjustmentsQuerySchema, proposeAdjustmentBodySchema } from "@/lib/adjustments/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionUserId } from "@/lib/api/session-actor";

export const GET = apiRoute({ auth: "session", action: "operator:adjustments", query: listAdjustmentsQuerySchema }, async ({ db, query }) => ({
  body: { adjustments: await listAdjustments(db, query) },
}));

export const POST = apiRoute(
  { auth: "session", action: "operator:adjustments", body: proposeAdjustmentBodySchema, idempotency: true },
  async ({ db, actor, body }) => ({
    status: 201,
    body: await proposeAdjustment(db, { accountId: body.account_id, direction: body.direction, credits: BigInt(body.credits), reason: body.reason, reference: body.reference, operatorUserId: sessionUserId(actor) }),
  }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
