import { and, eq, inArray, notInArray } from "drizzle-orm";
import { CashfreeError } from "@/lib/cashfree";
import { recordAudit } from "@/lib/audit/record-audit";
import { subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { clock, type SubscriptionDeps } from "./deps";
import { cancelMandate } from "./mandate-calls";
import { subscriptionView, type SubscriptionView } from "./subscription-view";

/**
 * The owner cancels automatic renewal: Cashfree's mandate is cancelled first (Manage Subscription, action CANCEL;
 * "already cancelled" counts as done), then, in one transaction with the row locked, the subscription is cancelled
 * and a cycle noticed but not yet raised is dropped, so no charge follows (also when Cashfree's cancel webhook got
 * there first). A charge already raised still settles
 * when Cashfree reports it (the plan's current period is paid either way). The plan runs to its end, then lapses.
 */
export async function cancelSubscription(deps: SubscriptionDeps, input: { accountId: string }): Promise<SubscriptionView> {
  const now = clock(deps);
  const [live] = await deps.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, input.accountId), notInArray(subscriptions.status, ["cancelled", "authorization_failed"])));
  if (!live) throw notFound("Subscription");
  if (live.cfSessionId) {
    try {
      await cancelMandate(deps.cashfree, live.id);
    } catch (error) {
      if (error instanceof CashfreeError) throw new AppError("payment_provider_error", "Cashfree could not cancel the mandate; try again.", { cause: error });
      throw error;
    }
  }
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(subscriptions)
      .set({ status: "cancelled", nextChargeAt: null, updatedAt: now })
      // Cashfree's SUBSCRIPTION_STATUS_CHANGED (CANCELLED) webhook may have cancelled the row between the call above
      // and this transaction: cancelling an already cancelled subscription is the same outcome, not a 404.
      .where(and(eq(subscriptions.id, live.id), eq(subscriptions.accountId, input.accountId), notInArray(subscriptions.status, ["authorization_failed"])))
      .returning();
    if (!row) throw notFound("Subscription");
    await tx
      .update(subscriptionCharges)
      .set({ status: "failed", failureReason: "mandate cancelled before the charge", updatedAt: now })
      .where(and(eq(subscriptionCharges.subscriptionId, live.id), eq(subscriptionCharges.accountId, input.accountId), inArray(subscriptionCharges.status, ["notified"])));
    await recordAudit(tx, { action: "subscription.cancel", accountId: input.accountId, targetType: "subscription", targetId: live.id, before: { status: live.status }, after: { status: "cancelled" } });
    return subscriptionView(row);
  });
}
