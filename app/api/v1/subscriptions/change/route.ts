// POST /api/v1/subscriptions/change – change plan: a higher plan now (prorated checkout), a lower plan or the end of renewal at the period's end
// DELETE /api/v1/subscriptions/change – undo the change scheduled for the period's end
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { getEnv } from "@/lib/config/env";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { changePlan } from "@/lib/subscriptions/change-plan";
import { planChangeView } from "@/lib/subscriptions/plan-change-view";
import { undoScheduledChange } from "@/lib/subscriptions/schedule-plan-change";
import { changePlanSchema } from "@/lib/subscriptions/schemas";

export const POST = apiRoute({ auth: "session", action: "subscriptions:manage", body: changePlanSchema }, async ({ db, actor, accountId, body }) => {
  const deps = { db, cashfree: getCashfreeClient(), appUrl: getEnv().APP_URL };
  const userId = sessionActor(actor).userId;
  const input = "plan" in body ? { accountId, userId, plan: body.plan } : { accountId, userId, cancelAtPeriodEnd: true as const };
  return planChangeView(await changePlan(deps, input));
});

export const DELETE = apiRoute({ auth: "session", action: "subscriptions:manage" }, async ({ db, accountId }) => ({
  body: await undoScheduledChange({ db, cashfree: getCashfreeClient() }, { accountId }),
}));

export const { GET, PUT, PATCH } = methodsNotAllowed("POST", "DELETE");
