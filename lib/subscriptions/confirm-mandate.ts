import { and, eq } from "drizzle-orm";
import { CashfreeError } from "@/lib/cashfree";
import { subscriptions } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { authoriseMandate, type AuthoriseMandateOutcome } from "./authorise-mandate";
import { clock, type SubscriptionDeps } from "./deps";

export type ConfirmMandateOutcome = AuthoriseMandateOutcome | "pending" | "provider_unavailable";

/**
 * The owner is back from Cashfree's mandate page (`/billing/plans?renewal=<id>`): rather than wait for the
 * SUBSCRIPTION_AUTH_STATUS webhook (late, or lost until Cashfree retries), Khata asks Cashfree for the subscription
 * and, if its mandate is active, applies the same rule the webhook does (authoriseMandate), so the page shows the
 * renewal at once and the webhook, when it comes, changes nothing. Only approval is taken from the answer: a mandate
 * Cashfree still shows INITIALIZED or awaiting the bank stays pending for the webhook to settle. Another account's
 * id, or one not pending, asks Cashfree nothing. Cashfree not answering is not an error here (the page renders).
 */
export async function confirmMandate(deps: SubscriptionDeps, input: { accountId: string; subscriptionId: string }): Promise<ConfirmMandateOutcome> {
  const [sub] = await deps.db
    .select({ status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, input.subscriptionId), eq(subscriptions.accountId, input.accountId)));
  if (!sub) return "unknown_subscription";
  if (sub.status !== "pending_authorization") return "unchanged";
  let remote;
  try {
    remote = await deps.cashfree.getSubscription(input.subscriptionId);
  } catch (error) {
    if (!(error instanceof CashfreeError)) throw error;
    log.warn("mandate confirmation: Cashfree did not answer; the webhook will", { subscriptionId: input.subscriptionId, error: error.message, requestId: error.requestId });
    return "provider_unavailable";
  }
  const approved = remote.subscription_status === "ACTIVE" || remote.authorisation_details?.authorization_status === "ACTIVE";
  if (!approved) return "pending";
  const now = clock(deps);
  return deps.db.transaction((tx) => authoriseMandate(tx, { subscriptionId: input.subscriptionId, approved: true, cfSubscriptionId: remote.cf_subscription_id }, now));
}
