import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { PLANS } from "@/lib/config/plans";
import { accounts, invoices, ledgerEntries, orders, planChanges, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { addOneMonthIst, formatIstDate } from "@/lib/money/ist";
import { settleOrder } from "@/lib/orders/settle-order";
import { activePlanOf } from "@/lib/orders/plan-period";
import { createOrder } from "@/lib/orders/create-order";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { checkInvariants } from "@/reliability/harness";
import { applyScheduledChanges } from "./apply-scheduled-changes";
import { changePlan } from "./change-plan";
import type { SubscriptionDeps } from "./deps";
import { handleSubscriptionWebhook } from "./handle-subscription-webhook";
import { raiseDueCharges, sendPreDebitNotices } from "./run-renewals";
import { undoScheduledChange } from "./schedule-plan-change";
import { startSubscription } from "./start-subscription";
import { istDaysBetween } from "./proration";
import { upgradePlan } from "./upgrade-plan";

const DAY = 24 * 3600_000;
const ist = (iso: string) => new Date(`${iso}+05:30`);
const live = cashfreeAndReceiverPerFile();

describeWithDatabase("plan changes: prorated upgrade, scheduled downgrade and cancellation", (ctx) => {
  let t = ist("2026-12-03T09:00:00").getTime();
  const deps = (): SubscriptionDeps => ({ db: ctx.db, cashfree: live.cf.client, now: () => new Date(t), appUrl: live.receiver.url.replace(/\/hook$/, "") });
  const hooks = () => ({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t) });

  async function deliver(subscriptionId: string, from = 0) {
    await live.cf.emulator.subscriptions.settled();
    const mine = live.receiver.received.filter((r) => r.body.includes(`"subscription_id":"${subscriptionId}"`)).slice(from);
    const outcomes: string[] = [];
    for (const hook of mine) {
      const result = await handleSubscriptionWebhook(hooks(), { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      outcomes.push(result.ok ? result.outcome : `rejected:${result.reason}`);
    }
    return outcomes;
  }

  /** A Pro account in the period 02 Dec 2026 10:00 IST → 02 Jan 2027 10:00 IST, renewal mandate authorised. */
  async function proWithMandate() {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    const periodEnd = ist("2027-01-02T10:00:00");
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    await fetch(`${started.authorisationUrl}/approve`, { method: "POST", redirect: "manual" });
    expect((await deliver(started.subscription.subscription_id))[0]).toBe("activated");
    return { accountId, ownerId, subscriptionId: started.subscription.subscription_id, periodEnd };
  }
  const accountOf = async (accountId: string) => (await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!;
  const subOf = async (id: string) => (await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;
  const chargesOf = (subscriptionId: string) => [...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE");
  async function invariantsHold(accountId: string) {
    expect(await ledgerInvariant(ctx.db, accountId)).toBeTruthy();
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  }

  it("upgrade mid-cycle: one prorated charge, one invoice with the prorated line, credits once under duplicated webhooks; the period's end stays", async () => {
    // Cashfree's order expiry is checked against the real clock: this period started a day before the real now.
    t = Date.now();
    const { accountId, ownerId, subscriptionId } = await proWithMandate();
    const periodEnd = addOneMonthIst(new Date(t - DAY));
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await ctx.db.update(subscriptions).set({ currentPeriodEnd: periodEnd, nextChargeAt: new Date(periodEnd.getTime() - DAY) }).where(eq(subscriptions.id, subscriptionId));
    const days = istDaysBetween(new Date(t - DAY), periodEnd);
    const amountPaise = (1_500_000n * BigInt(days - 1)) / BigInt(days);
    const credits = (19_000n * BigInt(days - 1)) / BigInt(days);
    const line = `Upgrade Pro → Enterprise, ${formatIstDate(new Date(t))} to ${formatIstDate(new Date(periodEnd.getTime() - DAY))} (${days - 1} of ${days} days)`;
    const before = (await accountOf(accountId)).creditBalance;

    // Two requests at once (a double click, two tabs): one order, one plan change, the same session.
    const [a, b] = await Promise.all([
      upgradePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" }),
      changePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" }),
    ]);
    expect(b).toMatchObject({ kind: "upgrade", checkout: { order_id: a.order_id, payment_session_id: a.payment_session_id } });
    // (1,999,900 − 499,900) × (days − 1) / days paise, (25,000 − 6,000) × (days − 1) / days credits, both rounded down
    // (the exact table is proration.test.ts).
    expect(a).toMatchObject({ amount: Number(amountPaise) / 100, credits: Number(credits), days_charged: days - 1, days_in_period: days, plan: "enterprise", from_plan: "pro", period_end: periodEnd.toISOString() });
    expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toHaveLength(1);
    expect(await ctx.db.select().from(planChanges).where(eq(planChanges.accountId, accountId))).toHaveLength(1);

    // Cashfree's success reported five times at once (webhook redeliveries, verify): settled once.
    const payment = { cfPaymentId: "cf_upgrade_1", status: "SUCCESS" as const, amount: Number(amountPaise) / 100, currency: "INR" };
    const settled = await Promise.all(Array.from({ length: 5 }, () => settleOrder(ctx.db, { orderId: a.order_id, payment, now: new Date(t) })));
    expect(settled.map((s) => s.outcome).sort()).toEqual(["already_paid", "already_paid", "already_paid", "already_paid", "paid"]);

    const account = await accountOf(accountId);
    expect(account).toMatchObject({ plan: "enterprise", planExpiresAt: periodEnd, creditBalance: before + credits });
    const grants = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.causeKey, `order:${a.order_id}`)));
    expect(grants.map((g) => g.amountCredits)).toEqual([credits]);
    const issued = await ctx.db.select().from(invoices).where(eq(invoices.orderId, a.order_id));
    expect(issued).toHaveLength(1);
    const invoice = issued[0]!;
    expect(JSON.stringify(invoice.snapshot)).toContain(line);
    expect(invoice.totalPaise).toBe(amountPaise);
    expect(invoice.taxablePaise + invoice.cgstPaise + invoice.sgstPaise + invoice.igstPaise + invoice.roundOffPaise).toBe(amountPaise);
    expect(invoice.cgstPaise + invoice.sgstPaise + invoice.igstPaise).toBeGreaterThan(0n);
    expect((await ctx.db.select().from(planChanges).where(eq(planChanges.orderId, a.order_id)))[0]!.status).toBe("applied");

    // Renewal now renews Enterprise, which the Pro mandate (ceiling ₹4,999) cannot carry: held for a new mandate.
    expect(await subOf(subscriptionId)).toMatchObject({ plan: "enterprise", nextChargeAt: null, status: "active" });
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    expect(await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId))).toHaveLength(0);
    // A second upgrade request to the plan now held is refused, nothing recorded.
    await expect(upgradePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" })).rejects.toMatchObject({ code: "plan_not_upgradable" });
    expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toHaveLength(1);
    await invariantsHold(accountId);
  });

  it("a renewal announced while the upgrade was being paid is dropped when the upgrade settles: no old-plan charge", async () => {
    t = Date.now();
    const { accountId, ownerId, subscriptionId } = await proWithMandate();
    const periodEnd = new Date(t + 2.5 * DAY);
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await ctx.db.update(subscriptions).set({ currentPeriodEnd: periodEnd, nextChargeAt: new Date(periodEnd.getTime() - DAY) }).where(eq(subscriptions.id, subscriptionId));
    const checkout = await upgradePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" });
    expect((await sendPreDebitNotices(deps())).noticed).toBeGreaterThanOrEqual(1);
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    expect(charge!.status).toBe("notified");
    const paid = await settleOrder(ctx.db, { orderId: checkout.order_id, payment: { cfPaymentId: "cf_upgrade_race", status: "SUCCESS", amount: checkout.amount, currency: "INR" }, now: new Date(t) });
    expect(paid.outcome).toBe("paid");
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, charge!.id)))[0]).toMatchObject({ status: "failed" });
    t = charge!.chargeAt.getTime();
    await raiseDueCharges(deps());
    expect(chargesOf(subscriptionId)).toHaveLength(0);
    expect(await accountOf(accountId)).toMatchObject({ plan: "enterprise", planExpiresAt: periodEnd });
    await invariantsHold(accountId);
  });

  it("downgrade scheduled (undoable): the next cycle is announced and charged at the lower price; the lower plan starts at the period's end", async () => {
    t = ist("2026-12-03T09:00:00").getTime();
    const { accountId, ownerId, subscriptionId, periodEnd } = await proWithMandate();
    const before = (await accountOf(accountId)).creditBalance;
    const scheduled = await changePlan(deps(), { accountId, userId: ownerId, plan: "starter" });
    expect(scheduled).toMatchObject({ kind: "scheduled", subscription: { plan: "pro", scheduled_plan: "starter", cancel_at_period_end: false } });
    expect((await accountOf(accountId)).plan).toBe("pro");
    // Undone before the period ends, then scheduled again.
    expect(await undoScheduledChange(deps(), { accountId })).toMatchObject({ scheduled_plan: null });
    await expect(undoScheduledChange(deps(), { accountId })).rejects.toMatchObject({ code: "not_found" });
    await changePlan(deps(), { accountId, userId: ownerId, plan: "starter" });

    t = periodEnd.getTime() - 3 * DAY + 60_000;
    expect((await sendPreDebitNotices(deps())).noticed).toBeGreaterThanOrEqual(1);
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    expect(charge!.amountPaise).toBe(PLANS.starter.monthlyPricePaise);
    expect((await ctx.db.select().from(orders).where(eq(orders.id, charge!.orderId)))[0]).toMatchObject({ plan: "starter", amountPaise: 99_900n, credits: 1_000n });
    expect(await subOf(subscriptionId)).toMatchObject({ plan: "starter", scheduledPlan: null });
    // Once announced, the change can no longer be undone.
    await expect(undoScheduledChange(deps(), { accountId })).rejects.toMatchObject({ code: "conflict" });

    t = charge!.chargeAt.getTime();
    await raiseDueCharges(deps());
    expect(chargesOf(subscriptionId).map((c) => c.amountPaise)).toEqual([99_900]);
    expect(await deliver(subscriptionId, 2)).toEqual(["renewed"]);

    // Charged a day early: Pro until the period's end, then Starter for the new month.
    const nextEnd = addOneMonthIst(periodEnd);
    expect(await accountOf(accountId)).toMatchObject({ plan: "pro", planExpiresAt: nextEnd, creditBalance: before + 1_000n });
    const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, charge!.orderId));
    expect(JSON.stringify(invoice!.snapshot)).toContain("Starter plan — 1 month (02 Jan 2027 to 01 Feb 2027)");
    expect((await ctx.db.select().from(orders).where(eq(orders.id, charge!.orderId)))[0]!.flaggedForReview).toBe(false);
    t = periodEnd.getTime() + 60_000;
    expect((await applyScheduledChanges(deps())).switched).toBeGreaterThanOrEqual(1);
    expect(await accountOf(accountId)).toMatchObject({ plan: "starter", planExpiresAt: nextEnd });
    expect(await applyScheduledChanges(deps())).toMatchObject({ switched: 0 });
    expect(await subOf(subscriptionId)).toMatchObject({ plan: "starter", status: "active", currentPeriodEnd: nextEnd });
    await invariantsHold(accountId);
  });

  it("cancel at the period's end: no notice, no charge; undoable before; at the end the mandate is cancelled and the plan lapses", async () => {
    t = ist("2026-12-03T09:00:00").getTime();
    const { accountId, ownerId, subscriptionId, periodEnd } = await proWithMandate();
    const before = (await accountOf(accountId)).creditBalance;
    expect(await changePlan(deps(), { accountId, userId: ownerId, cancelAtPeriodEnd: true })).toMatchObject({ subscription: { cancel_at_period_end: true } });
    // A downgrade on top is refused (undo first); the same cancellation again is a no-op.
    await expect(changePlan(deps(), { accountId, userId: ownerId, plan: "starter" })).rejects.toMatchObject({ code: "conflict" });
    await expect(changePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" })).rejects.toMatchObject({ code: "conflict" });
    expect(await changePlan(deps(), { accountId, userId: ownerId, cancelAtPeriodEnd: true })).toMatchObject({ subscription: { cancel_at_period_end: true } });

    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    expect(await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId))).toHaveLength(0);
    // Undone, then cancelled again, before the end.
    expect(await undoScheduledChange(deps(), { accountId })).toMatchObject({ cancel_at_period_end: false });
    await changePlan(deps(), { accountId, userId: ownerId, cancelAtPeriodEnd: true });

    // Before the end nothing lapses; after it, the mandate is cancelled on Cashfree and here, once.
    t = periodEnd.getTime() - 60_000;
    await applyScheduledChanges(deps());
    expect((await subOf(subscriptionId)).status).toBe("active");
    t = periodEnd.getTime() + 60_000;
    const [first, second] = [await applyScheduledChanges(deps()), await applyScheduledChanges(deps())];
    expect(first.lapsed).toBeGreaterThanOrEqual(1);
    expect(second.lapsed).toBe(0);
    expect(await subOf(subscriptionId)).toMatchObject({ status: "cancelled", nextChargeAt: null });
    expect(live.cf.emulator.subscriptions.subscriptions.get(subscriptionId)?.status).toBe("CANCELLED");
    await sendPreDebitNotices(deps());
    await raiseDueCharges(deps());
    expect(chargesOf(subscriptionId)).toHaveLength(0);
    const account = await accountOf(accountId);
    expect(activePlanOf(account, new Date(t)).plan).toBe("free");
    expect(account.creditBalance).toBe(before);
    await invariantsHold(accountId);
  });

  it("refusals change nothing: no paid period, a lower plan without a mandate, an upgrade while a renewal is announced", async () => {
    t = ist("2026-12-03T09:00:00").getTime();
    const free = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, free.accountId);
    await expect(changePlan(deps(), { accountId: free.accountId, userId: free.ownerId, plan: "pro" })).rejects.toMatchObject({ code: "plan_not_upgradable" });
    const { accountId, ownerId, periodEnd } = await proWithMandate();
    await expect(changePlan(deps(), { accountId, userId: ownerId, plan: "pro" })).rejects.toMatchObject({ code: "conflict" });
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    await expect(changePlan(deps(), { accountId, userId: ownerId, plan: "enterprise" })).rejects.toMatchObject({ code: "conflict" });
    await expect(changePlan(deps(), { accountId, userId: ownerId, plan: "starter" })).rejects.toMatchObject({ code: "conflict" });
    const noMandate = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(t + 10 * DAY) }).where(eq(accounts.id, noMandate.accountId));
    await expect(changePlan(deps(), { accountId: noMandate.accountId, userId: noMandate.ownerId, plan: "starter" })).rejects.toMatchObject({ code: "not_found" });
    expect(await ctx.db.select().from(planChanges).where(eq(planChanges.accountId, accountId))).toHaveLength(0);
  });

  it("a renewing plan is not bought again a month at a time: the one-off plan order is refused (409), nothing recorded", async () => {
    // Cashfree's order expiry is checked against the real clock.
    t = Date.now();
    const { accountId, ownerId } = await proWithMandate();
    const orderDeps = { db: ctx.db, cashfree: live.cf.client, now: () => new Date(t) };
    await expect(createOrder(orderDeps, { accountId, userId: ownerId, request: { type: "plan_upgrade", plan: "enterprise" } })).rejects.toMatchObject({
      code: "conflict",
      details: { requested_plan: "enterprise" },
    });
    expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toHaveLength(0);
    // Top-ups are not plans: still fine on a renewing account.
    await expect(createOrder(orderDeps, { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } })).resolves.toMatchObject({ order_id: expect.any(String) });
  });
});
