import type { subscriptions } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/** A subscription as the API answers it. */
export function subscriptionView(row: SubscriptionRow) {
  return {
    subscription_id: row.id,
    plan: row.plan,
    status: row.status,
    max_amount: paiseToRupees(row.maxAmountPaise),
    mandate_authorised_at: row.mandateAuthorisedAt?.toISOString() ?? null,
    current_period_end: row.currentPeriodEnd?.toISOString() ?? null,
    next_charge_at: row.nextChargeAt?.toISOString() ?? null,
    scheduled_plan: row.scheduledPlan,
    cancel_at_period_end: row.cancelAtPeriodEnd,
  };
}
export type SubscriptionView = ReturnType<typeof subscriptionView>;
