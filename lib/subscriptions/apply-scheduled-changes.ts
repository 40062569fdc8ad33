import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { CashfreeError } from "@/lib/cashfree";
import { recordAudit } from "@/lib/audit/record-audit";
import { accounts, planChanges, subscriptions } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { clock, type SubscriptionDeps } from "./deps";
import { cancelMandate } from "./mandate-calls";

const BATCH = 100;

export interface ScheduledChangesResult {
  /** Paid downgrades whose period started: the account moved to the lower plan. */
  switched: number;
  /** Subscriptions cancelled at their period's end (mandate cancelled on Cashfree). */
  lapsed: number;
  errors: number;
}

/**
 * Step 0 of the renewal cron: what was scheduled for a period's end, once that end has passed.
 * - a paid downgrade (its renewal settled before the end, the account kept the higher plan until then) switches
 *   the account to the lower plan, if the account is still on the plan and period it was charged for;
 * - a subscription cancelled at the period's end (never announced nor charged: the notice step skips it) is
 *   cancelled: Cashfree's mandate first ("already cancelled" counts as done; another failure is retried next
 *   run), then the row. The plan itself lapses by its expiry, like any unrenewed plan.
 * Each change in its own transaction, its row locked and re-checked, so racing runs apply it once.
 */
export async function applyScheduledChanges(deps: SubscriptionDeps): Promise<ScheduledChangesResult> {
  const now = clock(deps);
  const result: ScheduledChangesResult = { switched: 0, lapsed: 0, errors: 0 };
  const due = await deps.db
    .select({ id: planChanges.id })
    .from(planChanges)
    .where(and(eq(planChanges.kind, "downgrade"), eq(planChanges.status, "paid"), lte(planChanges.periodStart, now)))
    .orderBy(asc(planChanges.periodStart))
    .limit(BATCH);
  for (const { id } of due) {
    const switched = await deps.db.transaction(async (tx) => {
      const [change] = await tx.select().from(planChanges).where(eq(planChanges.id, id)).for("update");
      if (!change || change.status !== "paid") return false;
      const [account] = await tx.select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, change.accountId)).for("update");
      const current = account?.plan === change.fromPlan && account.planExpiresAt?.getTime() === change.periodEnd.getTime();
      if (current) await tx.update(accounts).set({ plan: change.toPlan }).where(eq(accounts.id, change.accountId));
      await tx.update(planChanges).set({ status: current ? "applied" : "void", updatedAt: now }).where(eq(planChanges.id, change.id));
      return current;
    });
    if (switched) result.switched++;
  }

  const ending = await deps.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.cancelAtPeriodEnd, true), inArray(subscriptions.status, ["active", "past_due"]), lte(subscriptions.currentPeriodEnd, now)))
    .orderBy(asc(subscriptions.currentPeriodEnd))
    .limit(BATCH);
  for (const sub of ending) {
    if (sub.cfSessionId) {
      try {
        await cancelMandate(deps.cashfree, sub.id);
      } catch (error) {
        if (!(error instanceof CashfreeError)) throw error;
        log.warn("mandate not cancelled at the period's end; retried next run", { subscriptionId: sub.id, error: error.message });
        result.errors++;
        continue;
      }
    }
    const lapsed = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(subscriptions)
        .set({ status: "cancelled", nextChargeAt: null, updatedAt: now })
        .where(and(eq(subscriptions.id, sub.id), eq(subscriptions.cancelAtPeriodEnd, true), inArray(subscriptions.status, ["active", "past_due"])))
        .returning({ id: subscriptions.id });
      if (!row) return false;
      await recordAudit(tx, { action: "subscription.cancel", accountId: sub.accountId, targetType: "subscription", targetId: sub.id, before: { status: sub.status }, after: { status: "cancelled" }, actor: { kind: "system", id: null } });
      return true;
    });
    if (lapsed) result.lapsed++;
  }
  return result;
}
