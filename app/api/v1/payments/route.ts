// GET, POST /api/v1/payments – list the account's payment transactions (history filters); create a pay-in (a credit top-up paid through a Cashfree payment link)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { creatorOf, historyScope } from "@/lib/auth/history-scope";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { historyQuerySchema } from "@/lib/orders/history-query";
import { listHistory } from "@/lib/orders/list-history";
import { createPayIn } from "@/lib/payins/create-pay-in";
import { createPayInSchema } from "@/lib/payins/schemas";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:payments_read", query: historyQuerySchema }, async ({ db, actor, accountId, query }) => {
  return { body: await listHistory(db, accountId, query, new Date(), historyScope(actor)) };
});

export const POST = apiRoute(
  { auth: "session_or_api_key", action: "payments:create_link", body: createPayInSchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const { userId, apiKeyId } = creatorOf(actor);
    return { status: 201, body: await createPayIn({ db, cashfree: getCashfreeClient() }, { accountId, userId, apiKeyId, request: body }) };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
