import { and, eq, inArray } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Tx } from "@/lib/db";
import { accounts, planChanges, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { formatIstDate } from "@/lib/money/ist";
import { planPeriodLabel } from "@/lib/orders/plan-period";
import { upgradeInvoiceLine } from "./proration";

export interface SettledPlanChange {
  invoiceDescription: string;
  flagReason: string | null;
}

/**
 * The plan effect of a paid plan order that pays a plan change, inside the settlement (lib/orders/apply-payment.ts,
 * after the credits were granted under the account row's lock); null when the order pays no plan change (the
 * one-off purchase rule applies). Runs once per order: the order lock and PAID status make settlement exactly once.
 * - upgrade: the account moves to the new plan at once, its period's end unchanged; the live subscription renews
 *   the new plan (its next charge is held when the mandate's ceiling is below the new price: a new mandate is
 *   needed) and a downgrade scheduled meanwhile is dropped. Stale (the account is no longer on the plan and period it was priced for): credits granted, plan
 *   unchanged, flagged for an operator (as a late lower-plan payment is).
 * - downgrade (the renewal of a scheduled downgrade, charged before the period ends): the new period is recorded
 *   (plan expiry moves to its end), the plan switches at the period's start (applyScheduledChanges), at once if
 *   that has passed. Stale: null, so the one-off purchase rule decides.
 */
export async function settlePlanChange(tx: Tx, order: { id: string; accountId: string }, paidAt: Date): Promise<SettledPlanChange | null> {
  const [change] = await tx.select().from(planChanges).where(eq(planChanges.orderId, order.id)).for("update");
  if (!change || change.accountId !== order.accountId) return null;
  const [account] = await tx.select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, order.accountId));
  const from = change.fromPlan as PlanId;
  const to = change.toPlan as PlanId;
  const setChange = (status: "paid" | "applied" | "void") => tx.update(planChanges).set({ status, updatedAt: paidAt }).where(eq(planChanges.id, change.id));

  if (change.kind === "upgrade") {
    const invoiceDescription = upgradeInvoiceLine({ from, to, start: change.periodStart, periodEnd: change.periodEnd, daysCharged: change.daysCharged, daysInPeriod: change.daysInPeriod });
    const current = account?.plan === from && account.planExpiresAt?.getTime() === change.periodEnd.getTime() && paidAt.getTime() < change.periodEnd.getTime();
    if (!current) {
      await setChange("void");
      return {
        invoiceDescription,
        flagReason: `plan_change_stale: paid for the upgrade ${PLANS[from].name} → ${PLANS[to].name} of the period ending ${formatIstDate(change.periodEnd)}, but the account is on ${account?.plan ?? "?"}; credits granted, plan unchanged`,
      };
    }
    await tx.update(accounts).set({ plan: to }).where(eq(accounts.id, order.accountId));
    await setChange("applied");
    await renewTheNewPlan(tx, order.accountId, to, paidAt);
    return { invoiceDescription, flagReason: null };
  }

  const current = account?.plan === from && account.planExpiresAt?.getTime() === change.periodStart.getTime();
  if (!current) {
    await setChange("void");
    return null;
  }
  const startsNow = paidAt.getTime() >= change.periodStart.getTime();
  await tx
    .update(accounts)
    .set({ planExpiresAt: change.periodEnd, ...(startsNow ? { plan: to } : {}) })
    .where(eq(accounts.id, order.accountId));
  await setChange(startsNow ? "applied" : "paid");
  return { invoiceDescription: `${PLANS[to].name} plan — 1 month (${planPeriodLabel(change.periodStart, change.periodEnd)})`, flagReason: null };
}

/** After an upgrade the live subscription renews the new plan; a mandate whose ceiling is below its price cannot. */
async function renewTheNewPlan(tx: Tx, accountId: string, plan: PlanId, now: Date): Promise<void> {
  const [live] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, accountId), inArray(subscriptions.status, ["pending_authorization", "active", "past_due"])))
    .for("update");
  if (!live) return;
  const covered = PLANS[plan].monthlyPricePaise <= live.maxAmountPaise;
  await tx
    .update(subscriptions)
    // A downgrade scheduled while the upgrade was being paid is superseded by it.
    .set({ plan, scheduledPlan: null, ...(covered ? {} : { nextChargeAt: null }), updatedAt: now })
    .where(eq(subscriptions.id, live.id));
  if (covered) return;
  // A renewal of the old plan announced while the upgrade was being paid is dropped before it is raised (it would
  // renew the lower plan); one already raised still settles, and is flagged as a lower plan paid.
  await tx
    .update(subscriptionCharges)
    .set({ status: "failed", failureReason: `superseded: upgraded to ${PLANS[plan].name}, above the mandate's maximum`, updatedAt: now })
    .where(and(eq(subscriptionCharges.subscriptionId, live.id), eq(subscriptionCharges.accountId, accountId), eq(subscriptionCharges.status, "notified")));
}
