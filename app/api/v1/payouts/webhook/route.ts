// POST /api/v1/payouts/webhook – Cashfree Payouts V2 transfer status webhooks (signature verified on the raw body, applied once)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { handlePayoutWebhook } from "@/lib/payouts/handle-payout-webhook";

export const POST = apiRoute({ auth: "public", rawBodyOnly: true }, async ({ db, request, rawBody }) => {
  return { body: await handlePayoutWebhook({ db }, { rawBody, headers: request.headers }) };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
