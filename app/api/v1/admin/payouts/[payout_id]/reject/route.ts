// POST /api/v1/admin/payouts/:payout_id/reject – reject a requested payout: its credits go back once, payout.rejected is sent
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { decidePayout } from "@/lib/payouts/decide-payout";
import { payoutIdParamsSchema, rejectPayoutSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:payouts", params: payoutIdParamsSchema, body: rejectPayoutSchema },
  async ({ db, actor, params, body }) => ({
    body: await decidePayout(db, { decision: "reject", payoutId: params.payout_id, reason: body.reason, operatorUserId: actor?.kind === "session" ? actor.userId : null }),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
