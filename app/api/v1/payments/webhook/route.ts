// POST /api/v1/payments/webhook – Cashfree's signed settlement webhook (verified, recorded once, settled)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { handleWebhook } from "@/lib/orders/handle-webhook";

export const POST = apiRoute({ auth: "public", rawBodyOnly: true }, async ({ db, request, rawBody }) => {
  return { body: await handleWebhook({ db }, { rawBody, headers: request.headers }) };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
