// GET /api/v1/payouts/:payout_id – one of the account's payouts (another account's, or for a member another member's → 404)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { historyScope } from "@/lib/auth/history-scope";
import { getPayout } from "@/lib/payouts/list-payouts";
import { toPayoutView } from "@/lib/payouts/payout-view";
import { payoutIdParamsSchema } from "@/lib/payouts/schemas";

export const GET = apiRoute(
  { auth: "session_or_api_key", action: "payouts:read", params: payoutIdParamsSchema },
  async ({ db, actor, accountId, params }) => ({ body: toPayoutView(await getPayout(db, accountId, params.payout_id, historyScope(actor))) }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
