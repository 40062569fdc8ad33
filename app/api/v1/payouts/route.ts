// POST /api/v1/payouts – withdraw unused prepaid credits to a bank account: credits held at once, an operator decides (any role, session or key)
// GET /api/v1/payouts – the account's payouts, newest first (?status= filters); a member sees only their own
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { creatorOf, historyScope } from "@/lib/auth/history-scope";
import { listPayouts } from "@/lib/payouts/list-payouts";
import { toPayoutView } from "@/lib/payouts/payout-view";
import { requestPayout } from "@/lib/payouts/request-payout";
import { listPayoutsQuerySchema, requestPayoutSchema } from "@/lib/payouts/schemas";

export const POST = apiRoute(
  { auth: "session_or_api_key", action: "payouts:request", body: requestPayoutSchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const { userId, apiKeyId } = creatorOf(actor);
    const payout = await requestPayout(db, { accountId, body, requestedByUserId: userId, requestedByApiKeyId: apiKeyId });
    return { status: 201, body: toPayoutView(payout) };
  },
);

export const GET = apiRoute(
  { auth: "session_or_api_key", action: "payouts:read", query: listPayoutsQuerySchema },
  async ({ db, actor, accountId, query }) => ({
    body: { payouts: (await listPayouts(db, accountId, query, historyScope(actor))).map(toPayoutView), limit: query.limit, offset: query.offset },
  }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
