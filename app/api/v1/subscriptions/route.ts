// POST /api/v1/subscriptions – start automatic renewal of the current plan: a Cashfree mandate the owner authorises (answers the session / hosted page)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getEnv } from "@/lib/config/env";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { startSubscriptionSchema } from "@/lib/subscriptions/schemas";
import { startSubscription } from "@/lib/subscriptions/start-subscription";

export const POST = apiRoute({ auth: "session", action: "subscriptions:manage", body: startSubscriptionSchema }, async ({ db, accountId, body }) => {
  const started = await startSubscription({ db, cashfree: getCashfreeClient(), appUrl: getEnv().APP_URL }, { accountId, plan: body.plan });
  return {
    status: 201,
    body: { ...started.subscription, subscription_session_id: started.sessionId, authorization_url: started.authorisationUrl },
  };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
