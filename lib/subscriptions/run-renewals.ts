import { and, asc, eq, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { PLANS } from "@/lib/config/plans";
import { orders, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { notifyAccount } from "@/lib/notifications/notify-account";
import { clock, type SubscriptionDeps } from "./deps";
import { mandateCoversRenewal, recordScheduledDowngrade, renewalPlanOf } from "./scheduled-renewal";
import { chargeTimeAfterNotice, cycleKeyOf, PRE_DEBIT_NOTICE_LEAD_MS, RAISE_LEASE_MS, renewalOrderId, renewalPaymentId } from "./renewal-rules";
import { raiseMandateCharge } from "./mandate-calls";

const BATCH = 100;

export interface NoticeResult {
  noticed: number;
}

/**
 * Step 1 of a renewal (cron `run-renewals`): every active subscription whose next charge is within the notice lead
 * gets its cycle's charge row (status notified), its plan order (ACTIVE, not yet on Cashfree: the charge pays it)
 * and the pre-debit notice mail, in one transaction per subscription, the subscription row locked. The unique
 * (account, cycle_key) index makes a second worker's insert a no-op, so one notice and one order per cycle. The
 * charge is set at least 24 h after the notice (RBI), never before the planned time.
 */
export async function sendPreDebitNotices(deps: SubscriptionDeps): Promise<NoticeResult> {
  const now = clock(deps);
  const horizon = new Date(now.getTime() + PRE_DEBIT_NOTICE_LEAD_MS);
  const due = await deps.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, "active"),
        eq(subscriptions.cashfreeEnv, deps.cashfree.env),
        eq(subscriptions.cancelAtPeriodEnd, false),
        lte(subscriptions.nextChargeAt, horizon),
        sql`not exists (select 1 from ${subscriptionCharges} c where c.subscription_id = ${subscriptions.id} and c.status in ('notified', 'raised'))`,
      ),
    )
    .orderBy(asc(subscriptions.nextChargeAt))
    .limit(BATCH);
  let noticed = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction(async (tx) => {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id)).for("update");
      if (!sub || sub.status !== "active" || !sub.currentPeriodEnd || !sub.nextChargeAt || sub.nextChargeAt > horizon || sub.cancelAtPeriodEnd) return false;
      // The next cycle renews the scheduled plan, if any (lib/subscriptions/schedule-plan-change.ts).
      const plan = PLANS[renewalPlanOf(sub)];
      if (!plan) return false;
      if (!(await mandateCoversRenewal(tx, sub, plan.monthlyPricePaise, now))) return false;
      const cycleKey = cycleKeyOf(sub.currentPeriodEnd);
      const chargeAt = chargeTimeAfterNotice(sub.nextChargeAt, now);
      const orderId = renewalOrderId(sub.accountId, cycleKey);
      const [charge] = await tx
        .insert(subscriptionCharges)
        .values({
          id: newId("sch"),
          accountId: sub.accountId,
          subscriptionId: sub.id,
          cycleKey,
          paymentId: renewalPaymentId(sub.accountId, cycleKey),
          orderId,
          status: "notified",
          amountPaise: plan.monthlyPricePaise,
          preDebitNotifiedAt: now,
          chargeAt,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!charge) return false;
      await tx
        .insert(orders)
        .values({
          id: orderId,
          accountId: sub.accountId,
          type: "plan_upgrade",
          plan: plan.id,
          credits: plan.includedCredits,
          amountPaise: plan.monthlyPricePaise,
          currency: "INR",
          status: "ACTIVE",
          cashfreeEnv: sub.cashfreeEnv,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
      await recordScheduledDowngrade(tx, sub, { orderId, cycleKey, now });
      await notifyAccount(tx, {
        accountId: sub.accountId,
        kind: "renewal-pre-debit",
        dedupeKey: `renewal-pre-debit:${charge.id}`,
        data: {
          plan: plan.name,
          amountPaise: plan.monthlyPricePaise.toString(),
          chargeAt: chargeAt.toISOString(),
          maxAmountPaise: sub.maxAmountPaise.toString(),
          url: `${deps.appUrl ?? ""}/billing/plans`,
        },
      });
      return true;
    });
    if (done) noticed++;
  }
  return { noticed };
}

export interface RaiseResult {
  raised: number;
  /** Claimed by another worker first. */
  skipped: number;
  refused: number;
  errors: number;
}

/**
 * Step 2: every notified charge whose time has come is claimed by one conditional UPDATE (status notified →
 * raised, attempts + 1): of racing workers exactly one gets the row and calls Cashfree, outside any transaction.
 * The payment_id is derived from (account, cycle), and Cashfree answers a repeated payment_id with the first
 * charge, so a worker that crashed after calling is safely repeated: a raised charge still without Cashfree's
 * id is claimable again after the lease. Cashfree refusing the charge (4xx) marks it failed and the subscription
 * past_due; nothing touches the balance. Network failures are counted; the run throws so the job retries.
 */
export async function raiseDueCharges(deps: SubscriptionDeps): Promise<RaiseResult> {
  const now = clock(deps);
  const leaseCutoff = new Date(now.getTime() - RAISE_LEASE_MS);
  const claimable = or(
    and(eq(subscriptionCharges.status, "notified"), lte(subscriptionCharges.chargeAt, now)),
    and(eq(subscriptionCharges.status, "raised"), isNull(subscriptionCharges.cfPaymentId), lt(subscriptionCharges.updatedAt, leaseCutoff)),
  );
  const due = await deps.db
    .select({ id: subscriptionCharges.id })
    .from(subscriptionCharges)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionCharges.subscriptionId))
    .where(and(claimable, eq(subscriptions.cashfreeEnv, deps.cashfree.env), isNotNull(subscriptions.cfSubscriptionId)))
    .orderBy(asc(subscriptionCharges.chargeAt))
    .limit(BATCH);
  const result: RaiseResult = { raised: 0, skipped: 0, refused: 0, errors: 0 };
  let lastError: unknown = null;
  for (const { id } of due) {
    const [charge] = await deps.db
      .update(subscriptionCharges)
      .set({ status: "raised", attempts: sql`${subscriptionCharges.attempts} + 1`, updatedAt: now })
      .where(and(eq(subscriptionCharges.id, id), claimable))
      .returning();
    if (!charge) {
      result.skipped++;
      continue;
    }
    const raised = await raiseMandateCharge(deps.cashfree, {
      subscriptionId: charge.subscriptionId,
      paymentId: charge.paymentId,
      amountPaise: charge.amountPaise,
      debitAt: charge.chargeAt,
      remarks: `Khata renewal ${charge.cycleKey}`,
    });
    if (raised.outcome === "raised") {
      await deps.db
        .update(subscriptionCharges)
        .set({ cfPaymentId: raised.cfPaymentId, updatedAt: now })
        .where(and(eq(subscriptionCharges.id, charge.id), eq(subscriptionCharges.accountId, charge.accountId)));
      result.raised++;
    } else if (raised.outcome === "refused") {
      const error = raised.error;
      await deps.db.transaction(async (tx) => {
        await tx
          .update(subscriptionCharges)
          .set({ status: "failed", failureReason: raised.reason, updatedAt: now })
          .where(and(eq(subscriptionCharges.id, charge.id), eq(subscriptionCharges.status, "raised")));
        await tx.update(subscriptions).set({ status: "past_due", updatedAt: now }).where(and(eq(subscriptions.id, charge.subscriptionId), eq(subscriptions.status, "active")));
      });
      log.warn("renewal charge refused by Cashfree", { chargeId: charge.id, code: error.code });
      result.refused++;
    } else {
      log.warn("renewal charge not raised; retried after the lease", { chargeId: charge.id, error: raised.error.message });
      result.errors++;
      lastError = raised.error;
    }
  }
  if (lastError && result.raised === 0 && result.refused === 0) throw lastError;
  return result;
}
