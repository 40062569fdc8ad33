// POST /api/v1/admin/payouts/:payout_id/approve – approve a requested payout (two different operators above the limit); the last approval queues the transfer
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { decidePayout } from "@/lib/payouts/decide-payout";
import { payoutIdParamsSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute(
  { auth: "session", action: "operator:payouts", params: payoutIdParamsSchema },
  async ({ db, actor, params }) => ({ body: await decidePayout(db, { decision: "approve", payoutId: params.payout_id, operatorUserId: actor?.kind === "session" ? actor.userId : null }) }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
