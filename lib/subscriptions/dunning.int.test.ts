import { and, asc, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { PLANS } from "@/lib/config/plans";
import { accounts, emails, ledgerEntries, subscriptionChargeRetries, subscriptionCharges, subscriptionDunning, subscriptionWebhookEvents, subscriptions } from "@/lib/db/schema";
import { runDunningTask } from "@/lib/jobs/tasks/run-dunning";
import { addOneMonthIst } from "@/lib/money/ist";
import { sweepNotifications } from "@/lib/notifications/sweep-notifications";
import { activePlanOf } from "@/lib/orders/plan-period";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { checkInvariants } from "@/reliability/harness";
import { cancelSubscription } from "./cancel-subscription";
import type { SubscriptionDeps } from "./deps";
import { handleSubscriptionWebhook } from "./handle-subscription-webhook";
import { graceEndsAt } from "./renewal-rules";
import { raiseDueCharges, sendPreDebitNotices } from "./run-renewals";
import { startSubscription } from "./start-subscription";
import { recordSubscriptionWebhook, SUBSCRIPTION_INBOX_SWEEP_AFTER_MS } from "./subscription-inbox";

const DAY = 24 * 3600_000;
const live = cashfreeAndReceiverPerFile();

describeWithDatabase("renewal dunning", (ctx) => {
  let t = Date.UTC(2027, 2, 1, 6, 0, 0);
  const now = () => new Date(t);
  const deps = (): SubscriptionDeps => ({ db: ctx.db, cashfree: live.cf.client, now, appUrl: live.receiver.url.replace(/\/hook$/, "") });
  const dunningTask = () => runDunningTask({ db: ctx.db, cashfree: live.cf.client, now });
  const helpers = {} as never;
  let delivered = 0;

  /** Every webhook the emulator sent since the last call, applied directly (the inbox is tested below). */
  async function deliver() {
    await live.cf.emulator.subscriptions.settled();
    const fresh = live.receiver.received.slice(delivered);
    delivered = live.receiver.received.length;
    const outcomes: string[] = [];
    for (const hook of fresh) {
      const r = await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now, appUrl: "" }, { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      outcomes.push(r.ok ? r.outcome : r.reason);
    }
    return outcomes;
  }

  async function proWithMandate() {
    const { accountId } = await createAccount(ctx.db, { plan: "pro" });
    const periodEnd = new Date(t + 10 * DAY);
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    await fetch(`${started.authorisationUrl}/approve`, { method: "POST", redirect: "manual" });
    expect(await deliver()).toEqual(["activated", "unchanged"]);
    return { accountId, subscriptionId: started.subscription.subscription_id, periodEnd };
  }
  const cfCharges = (subscriptionId: string) => [...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE");
  const mails = (template: string, key: string) => ctx.db.select().from(emails).where(and(eq(emails.template, template), like(emails.dedupeKey, `${key}%`)));
  const accountRow = async (id: string) => (await ctx.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
  const retriesOf = (chargeId: string) => ctx.db.select().from(subscriptionChargeRetries).where(eq(subscriptionChargeRetries.chargeId, chargeId)).orderBy(asc(subscriptionChargeRetries.attempt));

  it("Cashfree refusing the charge → the dunning cron starts dunning: grace, a retry with its own notice ≥ 24 h ahead; two workers raise it once; its success renews once", async () => {
    const { accountId, subscriptionId, periodEnd } = await proWithMandate();
    const balance = (await accountRow(accountId)).creditBalance;
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    // The mandate is paused on Cashfree's side: the charge is refused (422), final.
    live.cf.emulator.subscriptions.subscriptions.get(subscriptionId)!.status = "PAUSED";
    t = charge!.chargeAt.getTime();
    expect(await raiseDueCharges(deps())).toMatchObject({ refused: 1 });
    live.cf.emulator.subscriptions.subscriptions.get(subscriptionId)!.status = "ACTIVE";
    await Promise.all([dunningTask()({}, helpers), dunningTask()({}, helpers)]);

    const [dunning] = await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge!.id));
    expect(dunning).toMatchObject({ status: "retrying", periodEnd, graceEndsAt: graceEndsAt(periodEnd), firstFailedAt: now() });
    expect((await accountRow(accountId)).planExpiresAt).toEqual(graceEndsAt(periodEnd));
    const [retry] = await retriesOf(charge!.id);
    expect(retry).toMatchObject({ attempt: 2, status: "notified", chargeAt: new Date(t + DAY), preDebitNotifiedAt: now() });
    expect(retry!.paymentId).not.toBe(charge!.paymentId);
    expect(await mails("renewal-payment-failed", `renewal-payment-failed:${charge!.id}:1:`)).toHaveLength(1);
    expect(await mails("renewal-pre-debit", `renewal-pre-debit:${retry!.id}:`)).toHaveLength(1);

    // Not before its time; then two workers racing raise it once, under its own payment_id.
    t = retry!.chargeAt.getTime() - 1;
    await dunningTask()({}, helpers);
    expect(cfCharges(subscriptionId)).toHaveLength(0);
    t = retry!.chargeAt.getTime() + 1;
    // After the period end: the grace keeps the plan on.
    expect(activePlanOf(await accountRow(accountId), now()).plan).toBe("pro");
    await Promise.all([dunningTask()({}, helpers), dunningTask()({}, helpers)]);
    expect(cfCharges(subscriptionId).map((p) => p.paymentId)).toEqual([retry!.paymentId]);
    expect(await deliver()).toEqual(["renewed"]);

    const account = await accountRow(accountId);
    expect(account.creditBalance).toBe(balance + PLANS.pro.includedCredits);
    // The renewed month runs from the payment (just after the period end), not from the grace end.
    expect(account.planExpiresAt).toEqual(addOneMonthIst(now()));
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]).toMatchObject({ status: "active", currentPeriodEnd: account.planExpiresAt });
    expect((await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge!.id)))[0]!.status).toBe("recovered");
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `order:${charge!.orderId}`))).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toBeTruthy();
  });

  it("the owner cancels during dunning → the next run ends it: the plan runs to its paid end (not the grace), the noticed retry dropped, no lapse mail, no charge", async () => {
    const { accountId, subscriptionId, periodEnd } = await proWithMandate();
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    t = charge!.chargeAt.getTime();
    live.cf.emulator.subscriptions.nextOutcomes.push("FAILED");
    await raiseDueCharges(deps());
    expect(await deliver()).toEqual(["charge_failed"]);
    expect(await retriesOf(charge!.id)).toHaveLength(1);
    t += 3600_000;
    await cancelSubscription(deps(), { accountId });
    await deliver();
    await dunningTask()({}, helpers);
    expect((await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge!.id)))[0]).toMatchObject({ status: "lapsed", lapsedAt: now() });
    expect((await retriesOf(charge!.id))[0]!.status).toBe("failed");
    expect((await accountRow(accountId)).planExpiresAt).toEqual(periodEnd);
    expect(await mails("renewal-lapsed", `renewal-lapsed:${charge!.id}`)).toHaveLength(0);
    t += 3 * DAY;
    await dunningTask()({}, helpers);
    expect(cfCharges(subscriptionId)).toHaveLength(1);
  });

  it("a retry Cashfree never answers → the grace runs out and the plan lapses to Free (one mail); its late success still buys the plan, once", async () => {
    const { accountId, subscriptionId, periodEnd } = await proWithMandate();
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    t = charge!.chargeAt.getTime();
    live.cf.emulator.subscriptions.nextOutcomes.push("FAILED", "PENDING");
    await raiseDueCharges(deps());
    expect(await deliver()).toEqual(["charge_failed"]);
    const [retry] = await retriesOf(charge!.id);
    t = retry!.chargeAt.getTime();
    await dunningTask()({}, helpers);
    expect(cfCharges(subscriptionId).find((p) => p.paymentId === retry!.paymentId)?.status).toBe("PENDING");
    t = graceEndsAt(periodEnd).getTime() - 1;
    await dunningTask()({}, helpers);
    expect(activePlanOf(await accountRow(accountId), now()).plan).toBe("pro");
    t = graceEndsAt(periodEnd).getTime();
    await Promise.all([dunningTask()({}, helpers), dunningTask()({}, helpers)]);
    expect((await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge!.id)))[0]).toMatchObject({ status: "lapsed", lapsedAt: now() });
    expect(activePlanOf(await accountRow(accountId), now()).plan).toBe("free");
    expect(await mails("renewal-lapsed", `renewal-lapsed:${charge!.id}:`)).toHaveLength(1);
    expect(live.cf.emulator.subscriptions.subscriptions.get(subscriptionId)?.status).toBe("CANCELLED");
    await deliver();

    // Cashfree reports the hung retry paid after all: the money was taken, so the plan is bought (from now), once.
    t += DAY;
    const balance = (await accountRow(accountId)).creditBalance;
    await fetch(`${live.cf.emulator.url}/__control/subscriptions/payments/${retry!.paymentId}/resolve`, { method: "POST", body: JSON.stringify({ outcome: "SUCCESS" }) });
    await live.cf.emulator.subscriptions.settled();
    const late = live.receiver.received.slice(delivered);
    expect(await deliver()).toEqual(["renewed"]);
    expect(await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now }, { rawBody: late[0]!.body, headers: new Headers(late[0]!.headers as Record<string, string>) })).toEqual({ ok: true, outcome: "already_renewed" });
    const account = await accountRow(accountId);
    expect(account.creditBalance).toBe(balance + PLANS.pro.includedCredits);
    expect(account.planExpiresAt).toEqual(addOneMonthIst(now()));
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]!.status).toBe("cancelled");
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `order:${charge!.orderId}`))).toHaveLength(1);
  });

  it("the inbox: a recorded event whose job never ran is applied by the dunning cron's sweep; a redelivery is a duplicate", async () => {
    const { subscriptionId, periodEnd } = await proWithMandate();
    t = periodEnd.getTime() - 2 * DAY;
    await sendPreDebitNotices(deps());
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    t = charge!.chargeAt.getTime();
    await raiseDueCharges(deps());
    await live.cf.emulator.subscriptions.settled();
    const hook = live.receiver.received.slice(delivered).find((h) => h.body.includes(charge!.paymentId))!;
    delivered = live.receiver.received.length;
    const record = () => recordSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now }, { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
    expect(await Promise.all([record(), record()])).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: "queued" }), expect.objectContaining({ outcome: "duplicate" })]),
    );
    const [event] = await ctx.db.select().from(subscriptionWebhookEvents).where(eq(subscriptionWebhookEvents.paymentId, charge!.paymentId));
    expect(event!.appliedAt).toBeNull();
    t += SUBSCRIPTION_INBOX_SWEEP_AFTER_MS + 1;
    await dunningTask()({}, helpers);
    expect((await ctx.db.select().from(subscriptionWebhookEvents).where(eq(subscriptionWebhookEvents.id, event!.id)))[0]).toMatchObject({ outcome: "renewed" });
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, charge!.id)))[0]!.status).toBe("succeeded");
  });

  it("'plan ending in 3 days' is not mailed to a plan a mandate renews, and is mailed once the mandate is cancelled", async () => {
    const { accountId, periodEnd } = await proWithMandate();
    t = periodEnd.getTime() - 2 * DAY;
    await sweepNotifications(ctx.db, now());
    expect(await mails("plan-ending", `plan-ending:${accountId}:`)).toHaveLength(0);
    await cancelSubscription(deps(), { accountId });
    await sweepNotifications(ctx.db, now());
    await sweepNotifications(ctx.db, now());
    expect(await mails("plan-ending", `plan-ending:${accountId}:`)).toHaveLength(1);

    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
