// POST /api/v1/subscriptions/cancel – cancel automatic renewal: Cashfree's mandate is cancelled, no further charge; the plan runs to its end
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { cancelSubscription } from "@/lib/subscriptions/cancel-subscription";
import { cancelSubscriptionSchema } from "@/lib/subscriptions/schemas";

export const POST = apiRoute({ auth: "session", action: "subscriptions:manage", body: cancelSubscriptionSchema }, async ({ db, accountId }) => ({
  body: await cancelSubscription({ db, cashfree: getCashfreeClient() }, { accountId }),
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
