import { eq } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Tx } from "@/lib/db";
import { planChanges, subscriptions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { addOneMonthIst } from "@/lib/money/ist";
import { istDaysBetween } from "./proration";
import type { SubscriptionRow } from "./subscription-view";

/** The plan the next cycle renews: the scheduled downgrade, else the subscription's plan. */
export const renewalPlanOf = (sub: Pick<SubscriptionRow, "plan" | "scheduledPlan">): PlanId => (sub.scheduledPlan ?? sub.plan) as PlanId;

/**
 * A mandate cannot be charged above its ceiling (Cashfree refuses it): after an upgrade past it, renewal waits for a
 * new mandate. The next charge is cleared so the renewal job stops picking the subscription; false then.
 */
export async function mandateCoversRenewal(tx: Tx, sub: SubscriptionRow, pricePaise: bigint, now: Date): Promise<boolean> {
  if (pricePaise <= sub.maxAmountPaise) return true;
  await tx.update(subscriptions).set({ nextChargeAt: null, updatedAt: now }).where(eq(subscriptions.id, sub.id));
  log.warn("renewal above the mandate's maximum; held until a new mandate", { subscriptionId: sub.id, pricePaise: pricePaise.toString() });
  return false;
}

/**
 * In the notice's transaction (subscription locked, the cycle's order just written): a scheduled downgrade becomes
 * this cycle's plan change, tied to the renewal order, so its settlement starts the lower plan at the period's end
 * (settle-plan-change.ts) instead of the one-off rule (which would see a lower plan paid while a higher one is
 * active). The subscription renews the lower plan from now on.
 */
export async function recordScheduledDowngrade(tx: Tx, sub: SubscriptionRow, at: { orderId: string; cycleKey: string; now: Date }): Promise<void> {
  if (!sub.scheduledPlan || sub.scheduledPlan === sub.plan || !sub.currentPeriodEnd) return;
  const to = PLANS[sub.scheduledPlan as PlanId];
  const periodStart = sub.currentPeriodEnd;
  const periodEnd = addOneMonthIst(periodStart);
  const days = istDaysBetween(periodStart, periodEnd);
  await tx
    .insert(planChanges)
    .values({
      id: newId("pch"),
      accountId: sub.accountId,
      kind: "downgrade",
      fromPlan: sub.plan,
      toPlan: to.id,
      orderId: at.orderId,
      cycleKey: at.cycleKey,
      periodStart,
      periodEnd,
      daysCharged: days,
      daysInPeriod: days,
      amountPaise: to.monthlyPricePaise,
      credits: to.includedCredits,
      createdAt: at.now,
      updatedAt: at.now,
    })
    .onConflictDoNothing();
  await tx.update(subscriptions).set({ plan: to.id, scheduledPlan: null, updatedAt: at.now }).where(eq(subscriptions.id, sub.id));
}
