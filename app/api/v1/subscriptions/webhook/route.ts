// POST /api/v1/subscriptions/webhook – Cashfree's signed subscription webhooks (mandate status, renewal charges; verified on the raw body, recorded once in the inbox, applied by a job)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { receiveSubscriptionWebhook } from "@/lib/subscriptions/handle-subscription-webhook";

export const POST = apiRoute({ auth: "public", rawBodyOnly: true }, async ({ db, request, rawBody }) => {
  return { body: await receiveSubscriptionWebhook(db, { rawBody, headers: request.headers }) };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
