import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Tx } from "@/lib/db";
import { subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { clock, type SubscriptionDeps } from "./deps";
import { subscriptionView, type SubscriptionRow, type SubscriptionView } from "./subscription-view";

export type ScheduledChange = { plan: PlanId } | { cancelAtPeriodEnd: true };

/** The live subscription that can take a scheduled change, locked; refused while this period's renewal is announced. */
export async function lockChangeableSubscription(tx: Tx, accountId: string): Promise<SubscriptionRow> {
  const [live] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, accountId), inArray(subscriptions.status, ["pending_authorization", "active", "past_due"])))
    .for("update");
  if (!live) throw notFound("Subscription");
  if (live.status === "pending_authorization") throw new AppError("conflict", "Authorise the renewal mandate first; until then nothing renews.");
  const [inFlight] = await tx
    .select({ id: subscriptionCharges.id })
    .from(subscriptionCharges)
    .where(and(eq(subscriptionCharges.subscriptionId, live.id), inArray(subscriptionCharges.status, ["notified", "raised"])))
    .limit(1);
  if (inFlight) {
    throw new AppError("conflict", "This period's renewal is already announced; change the plan once it has been charged, or cancel the mandate.", { details: { charge_id: inFlight.id } });
  }
  return live;
}

/**
 * Schedules a downgrade, or the end of renewal, for the current period's end (owner, Plans page). Nothing changes
 * now: the renewal job announces and charges the next cycle at the lower plan's price (within the mandate's
 * ceiling, which was the higher price), or raises no charge and lets the plan lapse, cancelling the mandate when
 * the period ends. Repeating the same change is a no-op; a different one needs the first undone.
 */
export async function schedulePlanChange(deps: SubscriptionDeps, input: { accountId: string; change: ScheduledChange }): Promise<SubscriptionView> {
  const now = clock(deps);
  return deps.db.transaction(async (tx) => {
    const live = await lockChangeableSubscription(tx, input.accountId);
    const wantsCancel = "cancelAtPeriodEnd" in input.change;
    const plan = "plan" in input.change ? input.change.plan : null;
    if ((wantsCancel && live.cancelAtPeriodEnd) || (plan && live.scheduledPlan === plan)) return subscriptionView(live);
    if (live.cancelAtPeriodEnd || live.scheduledPlan) {
      throw new AppError("conflict", "A change is already scheduled for the period's end; undo it first.", {
        details: { scheduled_plan: live.scheduledPlan, cancel_at_period_end: live.cancelAtPeriodEnd },
      });
    }
    if (plan) {
      const current = PLANS[live.plan as PlanId];
      if (!current || PLANS[plan].rank >= current.rank) {
        throw new AppError("conflict", `Renewal is on ${live.plan}; a scheduled change must be to a lower plan (upgrades apply at once).`, { details: { current_plan: live.plan, requested_plan: plan } });
      }
    }
    const set = plan ? { scheduledPlan: plan } : { cancelAtPeriodEnd: true };
    const [row] = await tx.update(subscriptions).set({ ...set, updatedAt: now }).where(eq(subscriptions.id, live.id)).returning();
    await recordAudit(tx, {
      action: "subscription.change_plan",
      accountId: input.accountId,
      targetType: "subscription",
      targetId: live.id,
      before: { scheduled_plan: live.scheduledPlan, cancel_at_period_end: live.cancelAtPeriodEnd },
      after: { scheduled_plan: row!.scheduledPlan, cancel_at_period_end: row!.cancelAtPeriodEnd },
    });
    return subscriptionView(row!);
  });
}

/** Undoes the scheduled downgrade or cancellation before the period ends (before its renewal is announced). */
export async function undoScheduledChange(deps: SubscriptionDeps, input: { accountId: string }): Promise<SubscriptionView> {
  const now = clock(deps);
  return deps.db.transaction(async (tx) => {
    const live = await lockChangeableSubscription(tx, input.accountId);
    if (!live.scheduledPlan && !live.cancelAtPeriodEnd) throw notFound("Scheduled change");
    const [row] = await tx.update(subscriptions).set({ scheduledPlan: null, cancelAtPeriodEnd: false, updatedAt: now }).where(eq(subscriptions.id, live.id)).returning();
    await recordAudit(tx, {
      action: "subscription.undo_change",
      accountId: input.accountId,
      targetType: "subscription",
      targetId: live.id,
      before: { scheduled_plan: live.scheduledPlan, cancel_at_period_end: live.cancelAtPeriodEnd },
      after: { scheduled_plan: null, cancel_at_period_end: false },
    });
    return subscriptionView(row!);
  });
}
