import { and, eq, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { signWebhook } from "@/lib/cashfree";
import { PLANS } from "@/lib/config/plans";
import { accounts, emails, invoices, ledgerEntries, orders, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { checkInvariants } from "@/reliability/harness";
import type { SubscriptionDeps } from "./deps";
import { handleSubscriptionWebhook } from "./handle-subscription-webhook";
import { raiseDueCharges, sendPreDebitNotices } from "./run-renewals";
import { cancelSubscription } from "./cancel-subscription";
import { startSubscription } from "./start-subscription";

const DAY = 24 * 3600_000;
const live = cashfreeAndReceiverPerFile();

describeWithDatabase("plan renewal on Cashfree Subscriptions", (ctx) => {
  // A controllable clock: the business time moves by hand; webhook replay windows use the real clock.
  let t = Date.UTC(2026, 11, 1, 6, 0, 0);
  const deps = (): SubscriptionDeps => ({ db: ctx.db, cashfree: live.cf.client, now: () => new Date(t), appUrl: live.receiver.url.replace(/\/hook$/, "") });
  const hooks = { db: () => ({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t) }) };

  /** Feeds every webhook the emulator sent for this subscription (from index `from`) to Khata, as Cashfree would. */
  async function deliver(subscriptionId: string, from = 0) {
    await live.cf.emulator.subscriptions.settled();
    const mine = live.receiver.received.filter((r) => r.body.includes(`"subscription_id":"${subscriptionId}"`)).slice(from);
    const outcomes: string[] = [];
    for (const hook of mine) {
      const result = await handleSubscriptionWebhook(hooks.db(), { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      outcomes.push(result.ok ? result.outcome : `rejected:${result.reason}`);
    }
    return { outcomes, bodies: mine.map((m) => m.body), headers: mine.map((m) => m.headers) };
  }

  async function proAccountWithMandate() {
    const { accountId } = await createAccount(ctx.db, { plan: "pro" });
    const periodEnd = new Date(t + 10 * DAY);
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    expect(started.authorisationUrl).toContain(`/subscriptions/checkout/${started.sessionId}`);
    expect(started.subscription).toMatchObject({ status: "pending_authorization", max_amount: 4999 });
    const approved = await fetch(`${started.authorisationUrl}/approve`, { method: "POST", redirect: "manual" });
    expect(approved.status).toBe(303);
    const { outcomes } = await deliver(started.subscription.subscription_id);
    expect(outcomes).toEqual(["activated", "unchanged"]);
    return { accountId, subscriptionId: started.subscription.subscription_id, periodEnd };
  }

  const balanceOf = async (accountId: string) => (await ctx.db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)))[0]!.b;

  it("authorised mandate → notice ≥ 24 h before; two workers racing → one charge; duplicated webhooks → one settlement, one invoice", async () => {
    const { accountId, subscriptionId, periodEnd } = await proAccountWithMandate();
    const [sub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect(sub).toMatchObject({ status: "active", currentPeriodEnd: periodEnd, nextChargeAt: new Date(periodEnd.getTime() - DAY) });
    const before = await balanceOf(accountId);

    // Outside the notice lead: nothing. Inside it, two workers racing: one notice, one charge row, one order.
    t = periodEnd.getTime() - 4 * DAY;
    expect(await sendPreDebitNotices(deps())).toEqual({ noticed: 0 });
    t = periodEnd.getTime() - 3 * DAY + 60_000;
    const notices = await Promise.all([sendPreDebitNotices(deps()), sendPreDebitNotices(deps())]);
    expect(notices.reduce((n, r) => n + r.noticed, 0)).toBe(1);
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    expect(charge!.chargeAt.getTime() - charge!.preDebitNotifiedAt.getTime()).toBeGreaterThanOrEqual(DAY);
    const mails = await ctx.db.select().from(emails).where(and(eq(emails.template, "renewal-pre-debit"), like(emails.dedupeKey, `renewal-pre-debit:${charge!.id}:%`)));
    expect(mails).toHaveLength(1);

    // Not yet time: nothing raised. At the time, two workers racing: one claim, one Cashfree charge.
    expect(await raiseDueCharges(deps())).toMatchObject({ raised: 0 });
    t = charge!.chargeAt.getTime();
    const runs = await Promise.all([raiseDueCharges(deps()), raiseDueCharges(deps())]);
    expect(runs.reduce((n, r) => n + r.raised, 0)).toBe(1);
    const cfCharges = [...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE");
    expect(cfCharges).toHaveLength(1);
    expect(cfCharges[0]!.amountPaise).toBe(Number(PLANS.pro.monthlyPricePaise));

    // The success webhook, then the same delivery five more times at once.
    const { outcomes, bodies, headers } = await deliver(subscriptionId, 2);
    expect(outcomes).toEqual(["renewed"]);
    const again = await Promise.all(
      Array.from({ length: 5 }, () => handleSubscriptionWebhook(hooks.db(), { rawBody: bodies[0]!, headers: new Headers(headers[0] as Record<string, string>) })),
    );
    expect(again.map((a) => (a.ok ? a.outcome : a.reason))).toEqual(Array(5).fill("already_renewed"));
    // Out of order: a FAILED for the same payment arriving after the success changes nothing.
    const failed = bodies[0]!.replace('"type":"SUBSCRIPTION_PAYMENT_SUCCESS"', '"type":"SUBSCRIPTION_PAYMENT_FAILED"').replace('"payment_status":"SUCCESS"', '"payment_status":"FAILED"');
    const ts = Date.now();
    const late = await handleSubscriptionWebhook(hooks.db(), {
      rawBody: failed,
      headers: new Headers({ "x-webhook-signature": signWebhook(live.cf.secret, ts, failed), "x-webhook-timestamp": String(ts), "x-webhook-version": "2025-01-01" }),
    });
    expect(late).toEqual({ ok: true, outcome: "unchanged" });

    expect(await balanceOf(accountId)).toBe(before + PLANS.pro.includedCredits);
    const grants = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.causeKey, `order:${charge!.orderId}`)));
    expect(grants).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, charge!.orderId))).toHaveLength(1);
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.planExpiresAt!.getTime()).toBeGreaterThan(periodEnd.getTime() + 27 * DAY);
    const [renewed] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
    expect(renewed).toMatchObject({ status: "active", currentPeriodEnd: account!.planExpiresAt });
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, charge!.id)))[0]).toMatchObject({ status: "succeeded", attempts: 1 });

    // The next cycle gets its own charge row (a new cycle key), not a second one for this cycle.
    t = renewed!.nextChargeAt!.getTime() - 2 * DAY;
    expect(await sendPreDebitNotices(deps())).toEqual({ noticed: 1 });
    const cycles = await ctx.db.select({ k: subscriptionCharges.cycleKey }).from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    expect(new Set(cycles.map((c) => c.k)).size).toBe(2);

    expect(await ledgerInvariant(ctx.db, accountId)).toBeTruthy();
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("a failed charge → no balance change, no invoice, subscription past_due, order FAILED; a duplicate failure changes nothing", async () => {
    const { accountId, subscriptionId, periodEnd } = await proAccountWithMandate();
    const before = await balanceOf(accountId);
    t = periodEnd.getTime() - 2 * DAY;
    expect(await sendPreDebitNotices(deps())).toEqual({ noticed: 1 });
    const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId));
    // The first test's next cycle falls due before this one: raise it first, so the FAILED outcome is this charge's.
    t = charge!.chargeAt.getTime() - 1;
    await raiseDueCharges(deps());
    await fetch(`${live.cf.emulator.url}/__control/subscriptions/next-charge`, { method: "POST", body: JSON.stringify({ outcome: "FAILED" }) });
    t = charge!.chargeAt.getTime();
    expect(await raiseDueCharges(deps())).toMatchObject({ raised: 1 });
    expect([...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE")).toHaveLength(1);
    const { outcomes, bodies, headers } = await deliver(subscriptionId, 2);
    expect(outcomes).toEqual(["charge_failed"]);
    const dup = await handleSubscriptionWebhook(hooks.db(), { rawBody: bodies[0]!, headers: new Headers(headers[0] as Record<string, string>) });
    expect(dup).toEqual({ ok: true, outcome: "unchanged" });

    expect(await balanceOf(accountId)).toBe(before);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, charge!.orderId))).toHaveLength(0);
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]!.status).toBe("past_due");
    expect((await ctx.db.select().from(orders).where(eq(orders.id, charge!.orderId)))[0]!.status).toBe("FAILED");
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, charge!.id)))[0]).toMatchObject({ status: "failed" });
    // A past_due subscription is not charged again by the renewal job (its retries are the dunning job's: dunning.int.test.ts).
    await raiseDueCharges(deps());
    expect([...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE")).toHaveLength(1);
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("a bad signature is refused and changes nothing; a declined mandate is authorization_failed", async () => {
    const { accountId } = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(t + 10 * DAY) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    await fetch(`${started.authorisationUrl}/decline`, { method: "POST", redirect: "manual" });
    await live.cf.emulator.subscriptions.settled();
    const hook = live.receiver.received.find((r) => r.body.includes(started.subscription.subscription_id))!;
    const forged = await handleSubscriptionWebhook(hooks.db(), { rawBody: hook.body.replace("FAILED", "SUCCESS"), headers: new Headers(hook.headers as Record<string, string>) });
    expect(forged).toEqual({ ok: false, reason: "bad_signature" });
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, started.subscription.subscription_id)))[0]!.status).toBe("pending_authorization");
    const { outcomes } = await deliver(started.subscription.subscription_id);
    expect(outcomes).toEqual(["authorization_failed"]);
    // A new start is allowed after a declined mandate.
    const second = await startSubscription(deps(), { accountId, plan: "pro" });
    expect(second.subscription.status).toBe("pending_authorization");
  });
  it("an unauthorised mandate is replaced by a new start; an active one refuses a second (conflict), and a plan not held is refused", async () => {
    const { accountId } = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(t + 10 * DAY) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const first = await startSubscription(deps(), { accountId, plan: "pro" });
    const second = await startSubscription(deps(), { accountId, plan: "pro" });
    const rows = await ctx.db.select({ id: subscriptions.id, status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.accountId, accountId));
    expect(rows.find((r) => r.id === first.subscription.subscription_id)?.status).toBe("cancelled");
    await fetch(`${second.authorisationUrl}/approve`, { method: "POST", redirect: "manual" });
    expect((await deliver(second.subscription.subscription_id)).outcomes[0]).toBe("activated");
    await expect(startSubscription(deps(), { accountId, plan: "pro" })).rejects.toMatchObject({ code: "conflict" });
    await expect(startSubscription(deps(), { accountId, plan: "enterprise" })).rejects.toMatchObject({ code: "conflict" });
  });
  it("cancelling after the notice: Cashfree's mandate CANCELLED, the noticed cycle dropped, no charge raised, balance unchanged", async () => {
    const { accountId, subscriptionId, periodEnd } = await proAccountWithMandate();
    const before = await balanceOf(accountId);
    t = periodEnd.getTime() - 2 * DAY;
    // (Earlier tests' subscriptions may fall due in the same run.)
    expect((await sendPreDebitNotices(deps())).noticed).toBeGreaterThanOrEqual(1);
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId)))[0]).toMatchObject({ status: "notified" });
    expect(await cancelSubscription(deps(), { accountId })).toMatchObject({ status: "cancelled", next_charge_at: null });
    expect(live.cf.emulator.subscriptions.subscriptions.get(subscriptionId)?.status).toBe("CANCELLED");
    t = periodEnd.getTime();
    await raiseDueCharges(deps());
    expect([...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE")).toHaveLength(0);
    expect((await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.subscriptionId, subscriptionId)))[0]).toMatchObject({ status: "failed" });
    expect(await balanceOf(accountId)).toBe(before);
    await expect(cancelSubscription(deps(), { accountId })).rejects.toMatchObject({ code: "not_found" });
  });
  it("Cashfree's CANCELLED webhook applied while the owner's cancel is in flight: the cancel still answers cancelled, not 404", async () => {
    const { accountId, subscriptionId } = await proAccountWithMandate();
    const from = live.receiver.received.length;
    const racing: SubscriptionDeps = {
      ...deps(),
      cashfree: {
        ...live.cf.client,
        manageSubscription: async (...args: Parameters<typeof live.cf.client.manageSubscription>) => {
          const answer = await live.cf.client.manageSubscription(...args);
          // The status webhook the emulator sends for the cancel reaches Khata before the cancel's own transaction.
          const { outcomes } = await deliverSince(subscriptionId, from);
          expect(outcomes).toContain("cancelled");
          return answer;
        },
      },
    };
    expect(await cancelSubscription(racing, { accountId })).toMatchObject({ status: "cancelled", next_charge_at: null });
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0]).toMatchObject({ status: "cancelled", nextChargeAt: null });
  });

  async function deliverSince(subscriptionId: string, fromIndex: number) {
    await live.cf.emulator.subscriptions.settled();
    const outcomes: string[] = [];
    for (const hook of live.receiver.received.slice(fromIndex).filter((r) => r.body.includes(`"subscription_id":"${subscriptionId}"`))) {
      const result = await handleSubscriptionWebhook(hooks.db(), { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      outcomes.push(result.ok ? result.outcome : `rejected:${result.reason}`);
    }
    return { outcomes };
  }
});
