import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { grantCredits } from "@/lib/credits/grant-credits";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import type { Db } from "@/lib/db";
import { accounts, autoTopUpCharges, emails, invoices, ledgerEntries, orders, outboxEvents, subscriptions } from "@/lib/db/schema";
import { autoTopUpTask } from "@/lib/jobs/tasks/auto-top-up";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { handleSubscriptionWebhook } from "@/lib/subscriptions/handle-subscription-webhook";
import { startSubscription } from "@/lib/subscriptions/start-subscription";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { unreachableCashfree } from "@/lib/testing/orders";
import { queuedJobs } from "@/lib/testing/run-jobs";
import { sqlClient } from "@/lib/testing/sql-client";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { checkInvariants } from "@/reliability/harness";
import { POST as usageRoute } from "@/app/api/v1/usage/route";
import type { AutoTopUpDeps } from "./deps";
import { DECLINE_COOLDOWN_MS, RAISE_LEASE_MS } from "./rules";
import { runAutoTopUp } from "./run-auto-top-up";
import { setAutoTopUpSchema } from "./schemas";
import { setAutoTopUp } from "./set-auto-top-up";
import { sweepAutoTopUps } from "./sweep-auto-top-ups";

// The API-key path never reads the session; next-auth itself does not load outside Next.
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, currentUserId: async () => null }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const DAY = 24 * 3600_000;
const live = cashfreeAndReceiverPerFile();

describeWithDatabase("auto top-up on the mandate", (ctx) => {
  // The business clock moves by hand; webhook replay windows use the real clock.
  let t = Date.UTC(2026, 11, 10, 6, 0, 0);
  let second: DbHandle;
  beforeAll(() => {
    // A second pool: the usage route runs on it, and the job runs from both pools at once.
    second = openDatabase(ctx.url, { max: 20 });
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve(second);
  });
  afterAll(() => second?.close());

  const deps = (db: Db = ctx.db): AutoTopUpDeps => ({ db, cashfree: live.cf.client, now: () => new Date(t) });
  const appUrl = () => live.receiver.url.replace(/\/hook$/, "");
  const delivered = new Map<string, number>();

  /** Feeds Khata every webhook the emulator sent for this subscription since the last call, as Cashfree would. */
  async function deliver(subscriptionId: string) {
    await live.cf.emulator.subscriptions.settled();
    const mine = live.receiver.received.filter((r) => r.body.includes(`"subscription_id":"${subscriptionId}"`));
    const fresh = mine.slice(delivered.get(subscriptionId) ?? 0);
    delivered.set(subscriptionId, mine.length);
    const outcomes: string[] = [];
    for (const hook of fresh) {
      const result = await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t) }, { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      outcomes.push(result.ok ? result.outcome : `rejected:${result.reason}`);
    }
    return { outcomes, bodies: fresh.map((f) => f.body), headers: fresh.map((f) => f.headers) };
  }

  /** A Pro account (3,000 requests / min per key) with an authorised mandate (₹4,999 per charge), a key, and a balance. */
  async function accountWithMandate(balanceCredits: bigint) {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro", balanceCredits });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(t + 20 * DAY) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription({ db: ctx.db, cashfree: live.cf.client, now: () => new Date(t), appUrl: appUrl() }, { accountId, plan: "pro" });
    const approved = await fetch(`${started.authorisationUrl}/approve`, { method: "POST", redirect: "manual" });
    expect(approved.status).toBe(303);
    expect((await deliver(started.subscription.subscription_id)).outcomes[0]).toBe("activated");
    const { key } = await createApiKey(ctx.db, { accountId, name: "usage", createdByUserId: ownerId });
    return { accountId, ownerId, subscriptionId: started.subscription.subscription_id, key };
  }

  const switchOn = (accountId: string, ownerId: string, body: Partial<Parameters<typeof setAutoTopUp>[1]["body"]> = {}) =>
    setAutoTopUp(ctx.db, { accountId, userId: ownerId, now: new Date(t), body: { enabled: true, threshold_credits: 1000, amount: 500, monthly_ceiling: 5000, ...body } });

  let eventSeq = 0;
  const spend = (key: string, credits: number) =>
    usageRoute(
      new Request("http://localhost/api/v1/usage", {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({ event_id: `ev-${++eventSeq}`, credits }),
      }),
    );
  const balanceOf = async (accountId: string) => (await ctx.db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)))[0]!.b;
  const jobsFor = async (accountId: string) => (await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "auto-top-up" && j.payload.accountId === accountId);
  const cfCharges = (subscriptionId: string) => [...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.subscriptionId === subscriptionId && p.type === "CHARGE");
  const chargesOf = (accountId: string) => ctx.db.select().from(autoTopUpCharges).where(eq(autoTopUpCharges.accountId, accountId)).orderBy(autoTopUpCharges.createdAt);
  /** Works the account's queued auto-top-up job through the real job runner and task. */
  const workQueue = () => runJobsOnceWith(ctx.url, { "auto-top-up": autoTopUpTask({ db: ctx.db, cashfree: live.cf.client, now: () => new Date(t) }) });
  const dropQueuedJob = (accountId: string) => ctx.db.execute(sql`delete from graphile_worker._private_jobs where key = ${`auto-top-up:${accountId}`}`);
  async function invariantsHold(accountId: string) {
    expect(await ledgerInvariant(ctx.db, accountId)).toBeTruthy();
    const client = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(client)).violations).toEqual([]);
    } finally {
      await client.end();
    }
  }

  it("200 concurrent usage calls crossing the threshold → one job, one charge on the mandate (from two pools), settled once", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1100n);
    await switchOn(accountId, ownerId);
    const answers = await Promise.all(Array.from({ length: 200 }, () => spend(key, 1)));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(201));
    expect(await balanceOf(accountId)).toBe(900n);
    expect(await jobsFor(accountId)).toHaveLength(1);

    // The job run from two pools at once, twice each: one charge row, one Cashfree charge.
    const outcomes = await Promise.all([ctx.db, second.db, ctx.db, second.db].map((db) => runAutoTopUp(deps(db), accountId)));
    expect(outcomes.filter((o) => o === "raised")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "raised")).toEqual(["pending", "pending", "pending"]);
    await workQueue(); // the queued job itself: nothing more to charge
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(cfCharges(subscriptionId)).toHaveLength(1);
    expect(cfCharges(subscriptionId)[0]!.amountPaise).toBe(50_000);
    const [charge] = await chargesOf(accountId);
    expect(charge).toMatchObject({ status: "pending", amountPaise: 50_000n, month: "2026-12", balanceAtTriggerCredits: 900n });
    // One pre-debit notice per charge, sent when it was decided; the debit scheduled at least 24 h after it.
    const notices = await ctx.db.select().from(emails).where(and(eq(emails.template, "auto-top-up-pre-debit"), like(emails.dedupeKey, `auto-top-up-pre-debit:${charge!.id}:%`)));
    expect(notices).toHaveLength(1);
    expect(cfCharges(subscriptionId)[0]!.scheduleDateMs - charge!.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);

    // The success webhook, and the same delivery again: one settlement, one grant, one invoice.
    const { outcomes: hooks, bodies, headers } = await deliver(subscriptionId);
    expect(hooks).toEqual(["auto_top_up_paid"]);
    const again = await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t) }, { rawBody: bodies[0]!, headers: new Headers(headers[0] as Record<string, string>) });
    expect(again).toEqual({ ok: true, outcome: "auto_top_up_already_paid" });
    expect(await balanceOf(accountId)).toBe(1400n);
    expect((await chargesOf(accountId))[0]!.status).toBe("succeeded");
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, charge!.orderId));
    expect(order).toMatchObject({ type: "credit_topup", status: "PAID", credits: 500n, amountPaise: 50_000n });
    expect(await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.causeKey, `order:${charge!.orderId}`)))).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, charge!.orderId))).toHaveLength(1);
    await invariantsHold(accountId);
  });

  it("Lago #6177: one charge per crossing, not per increment — usage below the threshold while a charge is pending queues nothing", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1005n);
    await switchOn(accountId, ownerId);
    await fetch(`${live.cf.emulator.url}/__control/subscriptions/next-charge`, { method: "POST", body: JSON.stringify({ outcome: "PENDING" }) });
    for (let i = 0; i < 10; i++) expect((await spend(key, 1)).status).toBe(201); // 1005 → 995: crosses once
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect(cfCharges(subscriptionId)).toHaveLength(1);
    // Every further increment below the threshold: no job, and a job anyway (the sweep's) finds the pending charge.
    await Promise.all(Array.from({ length: 50 }, () => spend(key, 1)));
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(await runAutoTopUp(deps(), accountId)).toBe("pending");
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(cfCharges(subscriptionId)).toHaveLength(1);
    expect(await chargesOf(accountId)).toHaveLength(1);
    // Cashfree resolves it: credited once.
    await fetch(`${live.cf.emulator.url}/__control/subscriptions/payments/${(await chargesOf(accountId))[0]!.paymentId}/resolve`, { method: "POST", body: JSON.stringify({ outcome: "SUCCESS" }) });
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(await balanceOf(accountId)).toBe(945n + 500n);
    await invariantsHold(accountId);
  });

  it("Lago #5992: auto top-up never silently stops — a later crossing fires again, and the sweep re-enqueues a lost job", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId, { amount: 100 });
    expect((await spend(key, 2)).status).toBe(201); // 1001 → 999
    await workQueue();
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(await balanceOf(accountId)).toBe(1099n);

    // A second crossing after the success: a second charge.
    expect((await spend(key, 100)).status).toBe(201); // 1099 → 999
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(cfCharges(subscriptionId)).toHaveLength(2);
    expect(await balanceOf(accountId)).toBe(1099n);

    // A third crossing whose job is lost: the sweep finds the account below its threshold and queues it again.
    expect((await spend(key, 100)).status).toBe(201);
    await dropQueuedJob(accountId);
    expect(await jobsFor(accountId)).toHaveLength(0);
    const swept = await sweepAutoTopUps(deps());
    expect(swept.enqueued).toBeGreaterThanOrEqual(1);
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(cfCharges(subscriptionId)).toHaveLength(3);
    expect(await balanceOf(accountId)).toBe(1099n);
    await invariantsHold(accountId);
  });

  it("the monthly ceiling holds (pending and paid charges count); the next IST month starts afresh", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId, { amount: 100, monthly_ceiling: 200 });
    for (const credits of [2, 100]) {
      expect((await spend(key, credits)).status).toBe(201); // across the threshold: → 999
      await workQueue();
      expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    }
    expect(cfCharges(subscriptionId)).toHaveLength(2);
    expect(await balanceOf(accountId)).toBe(1099n);
    // ₹200 charged this month: a third ₹100 would pass the ceiling. Crossing again, the job, the sweep: nothing charged.
    expect((await spend(key, 100)).status).toBe(201);
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect(await runAutoTopUp(deps(), accountId)).toBe("ceiling_reached");
    await sweepAutoTopUps(deps());
    await workQueue();
    expect(cfCharges(subscriptionId)).toHaveLength(2);
    expect(await chargesOf(accountId)).toHaveLength(2);

    // 1 January 2027 in IST (31 Dec 18:30 UTC): the new month's ceiling is untouched.
    t = Date.UTC(2026, 11, 31, 18, 30, 0);
    expect(await runAutoTopUp(deps(), accountId)).toBe("raised");
    expect((await chargesOf(accountId)).map((c) => c.month)).toEqual(["2026-12", "2026-12", "2027-01"]);
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    t = Date.UTC(2026, 11, 10, 6, 0, 0);
  });

  it("Autumn #3339: switched off, even with a job already queued, nothing is charged; the sweep leaves it alone", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId);
    await spend(key, 2);
    expect(await jobsFor(accountId)).toHaveLength(1);
    await switchOn(accountId, ownerId, { enabled: false });
    await workQueue();
    expect(await runAutoTopUp(deps(), accountId)).toBe("disabled");
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(0);
    // Switched off, a crossing queues nothing at all.
    await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "adjustment", amountCredits: 2n, causeKey: `adjustment:test-refill:${accountId}`, description: "Refill" }));
    expect(await balanceOf(accountId)).toBe(1001n);
    await spend(key, 2);
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(cfCharges(subscriptionId)).toHaveLength(0);
    expect(await chargesOf(accountId)).toHaveLength(0);
  });

  it("Autumn #3401: a declined threshold payment leaves the balance alone; no retry storm, but the sweep tries again after the cooldown", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId);
    await spend(key, 2);
    await fetch(`${live.cf.emulator.url}/__control/subscriptions/next-charge`, { method: "POST", body: JSON.stringify({ outcome: "FAILED" }) });
    await workQueue();
    const { outcomes, bodies, headers } = await deliver(subscriptionId);
    expect(outcomes).toEqual(["auto_top_up_declined"]);
    const dup = await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t) }, { rawBody: bodies[0]!, headers: new Headers(headers[0] as Record<string, string>) });
    expect(dup).toEqual({ ok: true, outcome: "unchanged" });
    expect(await balanceOf(accountId)).toBe(999n);
    const [charge] = await chargesOf(accountId);
    expect(charge).toMatchObject({ status: "failed", failureReason: "Insufficient funds in the account" });
    expect((await ctx.db.select().from(orders).where(eq(orders.id, charge!.orderId)))[0]!.status).toBe("FAILED");
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `order:${charge!.orderId}`))).toHaveLength(0);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, charge!.orderId))).toHaveLength(0);
    // The owner hears of it through the ordinary `payment.failed` event (its mail and webhook), once.
    expect(await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "payment.failed")))).toHaveLength(1);

    // Within the cooldown the sweep does not queue it again; after it, once.
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(0);
    t += DECLINE_COOLDOWN_MS + 60_000;
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(await balanceOf(accountId)).toBe(1499n);
    t = Date.UTC(2026, 11, 10, 6, 0, 0);
    await invariantsHold(accountId);
  });

  it("Cashfree unreachable: the job throws (and retries), the charge stays pending and is raised once, with the same payment_id, after the lease", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId);
    await spend(key, 2);
    await dropQueuedJob(accountId);
    await expect(runAutoTopUp({ ...deps(), cashfree: unreachableCashfree() }, accountId)).rejects.toThrow();
    const [charge] = await chargesOf(accountId);
    expect(charge).toMatchObject({ status: "pending", cfPaymentId: null });
    // Within the lease a retry raises nothing more (another worker may be waiting on Cashfree's answer).
    expect(await runAutoTopUp(deps(), accountId)).toBe("pending");
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(cfCharges(subscriptionId)).toHaveLength(0);
    // After it, the sweep queues the job, which raises the same charge.
    t += RAISE_LEASE_MS + 60_000;
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(1);
    await workQueue();
    expect(cfCharges(subscriptionId).map((p) => p.paymentId)).toEqual([charge!.paymentId]);
    expect((await deliver(subscriptionId)).outcomes).toEqual(["auto_top_up_paid"]);
    expect(await chargesOf(accountId)).toMatchObject([{ id: charge!.id, status: "succeeded" }]);
    expect(await balanceOf(accountId)).toBe(1499n);
    t = Date.UTC(2026, 11, 10, 6, 0, 0);
  });

  it("a mandate cancelled after switching on: the job charges nothing (no_mandate) and the sweep does not queue it", async () => {
    const { accountId, ownerId, subscriptionId, key } = await accountWithMandate(1001n);
    await switchOn(accountId, ownerId);
    await ctx.db.update(subscriptions).set({ status: "cancelled" }).where(eq(subscriptions.id, subscriptionId));
    await spend(key, 2);
    await workQueue();
    expect(await runAutoTopUp(deps(), accountId)).toBe("no_mandate");
    await sweepAutoTopUps(deps());
    expect(await jobsFor(accountId)).toHaveLength(0);
    expect(cfCharges(subscriptionId)).toHaveLength(0);
    expect(await chargesOf(accountId)).toHaveLength(0);
  });

  it("switching on needs an active mandate covering the amount (409, nothing stored); bad input is refused by the schema", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    await expect(switchOn(accountId, ownerId)).rejects.toMatchObject({ code: "conflict", details: { reason: "mandate_required" } });
    const withMandate = await accountWithMandate(10n);
    await expect(switchOn(withMandate.accountId, withMandate.ownerId, { amount: 5000, monthly_ceiling: 10_000 })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "amount_above_mandate", max_amount: 4999 },
    });
    const state = await switchOn(withMandate.accountId, withMandate.ownerId, { amount: 4999, monthly_ceiling: 10_000 });
    expect(state.settings).toMatchObject({ enabled: true, amountPaise: 499_900n });
    // Off without a mandate is allowed (it only stops charges).
    expect((await switchOn(accountId, ownerId, { enabled: false })).settings).toMatchObject({ enabled: false });
    for (const bad of [
      { enabled: true, threshold_credits: 100, amount: 0, monthly_ceiling: 100 },
      { enabled: true, threshold_credits: 100, amount: 100_001, monthly_ceiling: 200_000 },
      { enabled: true, threshold_credits: 100, amount: 10.5, monthly_ceiling: 100 },
      { enabled: true, threshold_credits: 100, amount: 500, monthly_ceiling: 100 },
      { enabled: "yes", threshold_credits: 100, amount: 500, monthly_ceiling: 1000 },
      { enabled: true, threshold_credits: 0, amount: 500, monthly_ceiling: 1000 },
    ]) {
      expect(setAutoTopUpSchema.safeParse(bad).success).toBe(false);
    }
  });
});
