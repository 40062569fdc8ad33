// GET /api/v1/payments/:payment_id – one of the account's payment transactions (order id cm_… or offline payment id op_…); another account's (or, for a member, another member's) → 404
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { historyScope } from "@/lib/auth/history-scope";
import { getPayment } from "@/lib/payins/get-payment";
import { paymentIdParamsSchema } from "@/lib/payins/schemas";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:payments_read", params: paymentIdParamsSchema }, async ({ db, actor, accountId, params }) => {
  return { body: await getPayment(db, { accountId, paymentId: params.payment_id, scope: historyScope(actor) }) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
