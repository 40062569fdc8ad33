import { and, eq, inArray } from "drizzle-orm";
import { buildCreateOrderRequest, CashfreeApiError, CashfreeError, ORDER_ID_PLACEHOLDER } from "@/lib/cashfree";
import { recordAudit } from "@/lib/audit/record-audit";
import { checkBillingProfile } from "@/lib/billing-profile/check-billing-profile";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { getEnv } from "@/lib/config/env";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Tx } from "@/lib/db";
import { accounts, orders, planChanges, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { newId, newOrderId } from "@/lib/ids";
import { log } from "@/lib/log";
import { paiseToRupees } from "@/lib/money/format-inr";
import { incompleteProfile, ORDER_TTL_MS } from "@/lib/orders/create-order";
import { activePlanOf } from "@/lib/orders/plan-period";
import { clock, type SubscriptionDeps } from "./deps";
import { periodStartOf, prorateUpgrade } from "./proration";
import { cycleKeyOf } from "./renewal-rules";

export interface UpgradeCheckout {
  order_id: string;
  cf_order_id: string;
  payment_session_id: string;
  /** Rupees, GST-inclusive: the prorated difference. */
  amount: number;
  currency: "INR";
  env: string;
  plan: PlanId;
  from_plan: PlanId;
  credits: number;
  days_charged: number;
  days_in_period: number;
  period_end: string;
}

type Prepared = { orderId: string; session: { cfOrderId: string; sessionId: string } | null; expiresAt: Date; change: typeof planChanges.$inferSelect };

/**
 * Upgrades mid-cycle (owner, Plans page): the price difference for the days left (lib/subscriptions/proration.ts)
 * is paid now through an ordinary checkout order, settled by THE settlement path (settleBatch: ledger cause
 * `order:<id>`, one invoice) which then switches the plan and keeps the period's end (settle-plan-change.ts).
 * Not charged on the mandate: an on-demand mandate debit needs a pre-debit notice 24 h ahead (RBI), so it could
 * not upgrade "now", and the mandate's ceiling is the current plan's price, below the difference and the new price.
 * Under the account row's lock, one open upgrade per (account, cycle, target plan): a repeated or concurrent
 * request gets the same order (and, from Cashfree, the same session: our order id is the idempotency key).
 */
export async function upgradePlan(deps: SubscriptionDeps, input: { accountId: string; userId: string | null; plan: PlanId }): Promise<UpgradeCheckout> {
  const now = clock(deps);
  const check = checkBillingProfile(await getBillingProfile(deps.db, input.accountId));
  if (!check.ok) throw incompleteProfile(check.missing, check.problems);
  const { profile } = check;
  const prepared = await deps.db.transaction((tx) => prepareUpgrade(tx, { ...input, cashfreeEnv: deps.cashfree.env }, now));
  const { change } = prepared;
  let session = prepared.session;
  if (!session) {
    const env = getEnv();
    const request = buildCreateOrderRequest({
      orderId: prepared.orderId,
      amountPaise: change.amountPaise,
      customer: { id: input.accountId, phone: profile.phone, email: profile.email, name: profile.legalName },
      returnUrl: `${env.APP_URL}/billing/return?order_id=${ORDER_ID_PLACEHOLDER}`,
      notifyUrl: `${env.APP_URL}/api/v1/payments/webhook`,
      note: `Khata upgrade ${PLANS[change.fromPlan as PlanId].name} to ${PLANS[change.toPlan as PlanId].name}, ${change.daysCharged} of ${change.daysInPeriod} days`,
      tags: { account_id: input.accountId, type: "plan_upgrade" },
      expiresAt: prepared.expiresAt,
    });
    try {
      const cf = await deps.cashfree.createOrder(request, { idempotencyKey: prepared.orderId });
      if (!cf.payment_session_id) throw new Error("Cashfree returned no payment_session_id");
      session = { cfOrderId: cf.cf_order_id, sessionId: cf.payment_session_id };
      await deps.db
        .update(orders)
        .set({ cfOrderId: cf.cf_order_id, paymentSessionId: cf.payment_session_id, updatedAt: now })
        .where(and(eq(orders.id, prepared.orderId), eq(orders.accountId, input.accountId)));
    } catch (error) {
      await deps.db.transaction(async (tx) => {
        await tx.update(orders).set({ status: "TERMINATED", updatedAt: now }).where(and(eq(orders.id, prepared.orderId), eq(orders.status, "ACTIVE")));
        await tx.update(planChanges).set({ status: "void", updatedAt: now }).where(and(eq(planChanges.id, change.id), eq(planChanges.status, "pending")));
      });
      log.warn("cashfree create order failed (plan upgrade)", { orderId: prepared.orderId, accountId: input.accountId, err: error });
      throw new AppError("payment_provider_error", "The payment provider could not start this payment. Try again in a moment.", {
        details: { order_id: prepared.orderId, ...(error instanceof CashfreeApiError ? { provider_code: error.code } : {}) },
        cause: error instanceof CashfreeError ? error : undefined,
      });
    }
  }
  return {
    order_id: prepared.orderId,
    cf_order_id: session.cfOrderId,
    payment_session_id: session.sessionId,
    amount: paiseToRupees(change.amountPaise),
    currency: "INR",
    env: deps.cashfree.env,
    plan: change.toPlan as PlanId,
    from_plan: change.fromPlan as PlanId,
    credits: Number(change.credits),
    days_charged: change.daysCharged,
    days_in_period: change.daysInPeriod,
    period_end: change.periodEnd.toISOString(),
  };
}

/** The checks and the order + plan change rows, under the account row's lock (then the subscription's). */
async function prepareUpgrade(tx: Tx, input: { accountId: string; userId: string | null; plan: PlanId; cashfreeEnv: string }, now: Date): Promise<Prepared> {
  const [account] = await tx.select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, input.accountId)).for("update");
  if (!account) throw notFound("Account");
  const active = activePlanOf(account, now);
  const to = PLANS[input.plan];
  if (active.rank === 0 || !active.expiresAt) {
    throw new AppError("plan_not_upgradable", "There is no paid period to prorate: buy the plan for a full month instead.", { details: { current_plan: active.plan, requested_plan: to.id } });
  }
  if (to.rank <= active.rank) {
    throw new AppError("plan_not_upgradable", `Your account is on the ${active.plan} plan; an upgrade must be to a higher plan.`, { details: { current_plan: active.plan, requested_plan: to.id } });
  }
  const from = active.plan as PlanId;
  const [live] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.accountId, input.accountId), inArray(subscriptions.status, ["pending_authorization", "active", "past_due"])))
    .for("update");
  if (live && (live.scheduledPlan || live.cancelAtPeriodEnd)) {
    throw new AppError("conflict", "A plan change is already scheduled for the period's end; undo it before upgrading.", {
      details: { scheduled_plan: live.scheduledPlan, cancel_at_period_end: live.cancelAtPeriodEnd },
    });
  }
  if (live) {
    const [inFlight] = await tx
      .select({ id: subscriptionCharges.id })
      .from(subscriptionCharges)
      .where(and(eq(subscriptionCharges.subscriptionId, live.id), inArray(subscriptionCharges.status, ["notified", "raised"])))
      .limit(1);
    if (inFlight) throw new AppError("conflict", "This period's renewal is already announced; upgrade once it has been charged.", { details: { charge_id: inFlight.id } });
  }
  const periodEnd = active.expiresAt;
  const proration = prorateUpgrade({ from, to: to.id, periodStart: periodStartOf(periodEnd), periodEnd, now });
  if (!proration || proration.amountPaise < 100n) {
    throw new AppError("plan_not_upgradable", "The current period ends today: buy the plan for a full month instead.", { details: { current_plan: from, requested_plan: to.id } });
  }
  const cycleKey = cycleKeyOf(periodEnd);

  // An open upgrade to this plan in this cycle, priced today and still payable, is the answer again.
  const [open] = await tx
    .select({ change: planChanges, order: orders })
    .from(planChanges)
    .innerJoin(orders, eq(orders.id, planChanges.orderId))
    .where(and(eq(planChanges.accountId, input.accountId), eq(planChanges.kind, "upgrade"), eq(planChanges.status, "pending"), eq(planChanges.cycleKey, cycleKey), eq(planChanges.toPlan, to.id)));
  if (open) {
    const payable = open.order.status === "ACTIVE" && open.order.expiresAt !== null && open.order.expiresAt.getTime() > now.getTime() + 60_000;
    if (payable && open.change.amountPaise === proration.amountPaise && open.change.fromPlan === from) {
      const session = open.order.cfOrderId && open.order.paymentSessionId ? { cfOrderId: open.order.cfOrderId, sessionId: open.order.paymentSessionId } : null;
      return { orderId: open.order.id, session, expiresAt: open.order.expiresAt!, change: open.change };
    }
    await tx.update(planChanges).set({ status: "void", updatedAt: now }).where(eq(planChanges.id, open.change.id));
  }

  const orderId = newOrderId();
  const expiresAt = new Date(now.getTime() + ORDER_TTL_MS);
  await tx.insert(orders).values({
    id: orderId,
    accountId: input.accountId,
    createdByUserId: input.userId,
    type: "plan_upgrade",
    plan: to.id,
    credits: proration.credits,
    amountPaise: proration.amountPaise,
    currency: "INR",
    status: "ACTIVE",
    cashfreeEnv: input.cashfreeEnv,
    expiresAt,
    createdAt: now,
    updatedAt: now,
  });
  const [change] = await tx
    .insert(planChanges)
    .values({
      id: newId("pch"),
      accountId: input.accountId,
      kind: "upgrade",
      fromPlan: from,
      toPlan: to.id,
      orderId,
      cycleKey,
      periodStart: now,
      periodEnd,
      daysCharged: proration.daysCharged,
      daysInPeriod: proration.daysInPeriod,
      amountPaise: proration.amountPaise,
      credits: proration.credits,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(tx, {
    action: "subscription.change_plan",
    accountId: input.accountId,
    targetType: "order",
    targetId: orderId,
    before: { plan: from },
    after: { plan: to.id, amount_paise: proration.amountPaise.toString(), credits: proration.credits.toString(), days: `${proration.daysCharged}/${proration.daysInPeriod}` },
  });
  return { orderId, session: null, expiresAt, change: change! };
}
