/**
 * Issue 19, acceptance 1+2: a simulated year of renewals on real PostgreSQL with a controllable clock, stepped day
 * by day over 12 months. Every day the real cron tasks (run-renewals, run-dunning) run on TWO workers at once (two
 * database pools), Cashfree's outcomes are decided per account, and its webhooks go through the durable inbox
 * out of order and duplicated (each batch reversed, sent twice, and again the next day), applied by the real job
 * handler from both pools at once. Accounts:
 *   A — renews every month;
 *   B — one cycle fails, its first retry succeeds; Cashfree then also reports the failed attempt as paid (two
 *       successes for one cycle): flagged for a refund, never credited twice;
 *   C — one cycle fails every attempt: the plan stays on through the grace, then lapses to Free;
 *   D — cancels mid-year: the plan runs to its period end, no further charge;
 *   E — schedules a downgrade to Starter on day 90: the next cycles are announced and charged at Starter's price,
 *       and the account is on Starter from that period's end;
 *   F — chooses "cancel at the period's end" on day 150: no notice or charge after it, the mandate cancelled once the
 *       period is over, the plan lapses at its end, and (renewal no longer speaking for it) the plan-ending mails go out.
 * Mid-year events are a STEP LIST (STEPS below).
 */
import { and, asc, eq, inArray, isNull, like } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { signWebhook } from "@/lib/cashfree";
import { PLANS } from "@/lib/config/plans";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import type { Db } from "@/lib/db";
import { accounts, emails, invoices, ledgerEntries, orders, subscriptionChargeRetries, subscriptionCharges, subscriptionDunning, subscriptionWebhookEvents, subscriptions } from "@/lib/db/schema";
import { applySubscriptionWebhookTask, runDunningTask } from "@/lib/jobs/tasks/run-dunning";
import { runRenewalsTask } from "@/lib/jobs/tasks/run-renewals";
import { sweepNotifications } from "@/lib/notifications/sweep-notifications";
import { addOneMonthIst } from "@/lib/money/ist";
import { activePlanOf } from "@/lib/orders/plan-period";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { checkInvariants } from "@/reliability/harness";
import { cancelSubscription } from "./cancel-subscription";
import { changePlan } from "./change-plan";
import type { SubscriptionDeps } from "./deps";
import { cycleKeyOf, MIN_PRE_DEBIT_NOTICE_MS } from "./renewal-rules";
import { startSubscription } from "./start-subscription";
import { recordSubscriptionWebhook } from "./subscription-inbox";

const DAY = 24 * 3600_000;
const DAYS = 365;
type Label = "A" | "B" | "C" | "D" | "E" | "F";
const LABELS = ["A", "B", "C", "D", "E", "F"] as const;

const live = cashfreeAndReceiverPerFile();
let second: DbHandle;
afterAll(async () => {
  await second?.close();
});

describeWithDatabase("a simulated year of renewals, dunning, plan changes and cancellation", (ctx) => {
  const t0 = Date.UTC(2027, 0, 1, 4, 30, 0);
  let t = t0;
  const now = () => new Date(t);
  const appUrl = () => live.receiver.url.replace(/\/hook$/, "");
  const deps = (db: Db = ctx.db): SubscriptionDeps => ({ db, cashfree: live.cf.client, now, appUrl: appUrl() });
  const helpers = {} as never;
  const ids = {} as Record<Label, { accountId: string; subscriptionId: string }>;
  const labelOf = (accountId: string) => (Object.keys(ids) as Label[]).find((l) => ids[l].accountId === accountId)!;
  /** When (test clock) each Cashfree payment_id was first raised. */
  const raisedAt = new Map<string, number>();
  let seen = 0;
  let yesterday: typeof live.receiver.received = [];

  /** What Cashfree answers for an attempt: the scenario of each account. */
  const outcomeOf = (label: Label, cycle: number, attempt: number): "SUCCESS" | "FAILED" =>
    (label === "B" && cycle === 2 && attempt === 1) || (label === "C" && cycle === 4) ? "FAILED" : "SUCCESS";

  interface World {
    cancelledAt: Partial<Record<Label, { at: number; periodEnd: Date }>>;
    changedAt: Partial<Record<Label, { at: number; periodEnd: Date }>>;
    lateSecondSuccess: { paymentId: string; orderId: string } | null;
  }
  const world: World = { cancelledAt: {}, changedAt: {}, lateSecondSuccess: null };

  /** Mid-year events, by day (the extension point: a plan change goes here). */
  interface Step {
    day: number;
    label: string;
    run: () => Promise<void>;
  }
  const STEPS: Step[] = [
    {
      day: 200,
      label: "D cancels automatic renewal",
      run: async () => {
        const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, ids.D.accountId));
        await cancelSubscription(deps(), { accountId: ids.D.accountId });
        world.cancelledAt.D = { at: t, periodEnd: account!.planExpiresAt! };
      },
    },
    {
      day: 90,
      label: "E schedules a downgrade to Starter for the period's end",
      run: async () => {
        const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, ids.E.accountId));
        expect(await changePlan(deps(), { accountId: ids.E.accountId, userId: null, plan: "starter" })).toMatchObject({ kind: "scheduled", subscription: { scheduled_plan: "starter" } });
        world.changedAt.E = { at: t, periodEnd: account!.planExpiresAt! };
      },
    },
    {
      day: 150,
      label: "F cancels renewal at the period's end",
      run: async () => {
        const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, ids.F.accountId));
        expect(await changePlan(deps(), { accountId: ids.F.accountId, userId: null, cancelAtPeriodEnd: true })).toMatchObject({ kind: "scheduled", subscription: { cancel_at_period_end: true } });
        world.changedAt.F = { at: t, periodEnd: account!.planExpiresAt! };
      },
    },
  ];

  async function attemptOf(paymentId: string): Promise<{ label: Label; cycle: number; attempt: number; chargeId: string }> {
    const [retry] = await ctx.db.select().from(subscriptionChargeRetries).where(eq(subscriptionChargeRetries.paymentId, paymentId));
    const [charge] = retry
      ? await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, retry.chargeId))
      : await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.paymentId, paymentId));
    const all = await ctx.db.select({ k: subscriptionCharges.cycleKey }).from(subscriptionCharges).where(eq(subscriptionCharges.accountId, charge!.accountId)).orderBy(asc(subscriptionCharges.cycleKey));
    return { label: labelOf(charge!.accountId), cycle: all.findIndex((c) => c.k === charge!.cycleKey), attempt: retry?.attempt ?? 1, chargeId: charge!.id };
  }

  /** Cashfree decides every charge raised today. */
  async function resolveRaised() {
    for (const payment of live.cf.emulator.subscriptions.payments.values()) {
      if (payment.type !== "CHARGE") continue;
      if (!raisedAt.has(payment.paymentId)) raisedAt.set(payment.paymentId, t);
      if (payment.status !== "PENDING") continue;
      const a = await attemptOf(payment.paymentId);
      const res = await fetch(`${live.cf.emulator.url}/__control/subscriptions/payments/${payment.paymentId}/resolve`, { method: "POST", body: JSON.stringify({ outcome: outcomeOf(a.label, a.cycle, a.attempt) }) });
      expect(res.status).toBe(200);
    }
  }

  /** Today's webhooks, reversed and twice, plus yesterday's again, recorded from both pools; then applied by two workers. */
  async function deliver() {
    await live.cf.emulator.subscriptions.settled();
    const fresh = live.receiver.received.slice(seen);
    seen = live.receiver.received.length;
    const copies = [...[...fresh].reverse(), ...yesterday, ...fresh];
    yesterday = fresh;
    for (const [i, hook] of copies.entries()) {
      const recorded = await recordSubscriptionWebhook(
        { db: i % 2 ? second.db : ctx.db, secret: live.cf.secret, now },
        { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) },
      );
      expect(recorded.outcome).toBe(i < fresh.length ? "queued" : "duplicate");
    }
    await applyAll();
  }

  async function applyAll() {
    const pending = await ctx.db.select({ id: subscriptionWebhookEvents.id }).from(subscriptionWebhookEvents).where(isNull(subscriptionWebhookEvents.appliedAt)).orderBy(asc(subscriptionWebhookEvents.id));
    const eventIds = pending.map((p) => p.id.toString());
    const one = applySubscriptionWebhookTask({ db: ctx.db, now });
    const two = applySubscriptionWebhookTask({ db: second.db, now });
    await Promise.all([
      (async () => {
        for (const id of eventIds) await one({ eventId: id }, helpers);
      })(),
      (async () => {
        for (const id of [...eventIds].reverse()) await two({ eventId: id }, helpers);
      })(),
    ]);
  }

  /** A signed webhook Khata did not get from the emulator (Cashfree reporting a second success for a cycle). */
  async function sendSigned(body: Record<string, unknown>) {
    const rawBody = JSON.stringify(body);
    const ts = Date.now();
    const headers = new Headers({ "x-webhook-signature": signWebhook(live.cf.secret, ts, rawBody), "x-webhook-timestamp": String(ts), "x-webhook-version": "2025-01-01" });
    expect((await recordSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now }, { rawBody, headers })).outcome).toBe("queued");
    await applyAll();
  }

  async function startOne(label: Label) {
    const { accountId } = await createAccount(ctx.db, { plan: "pro", name: `Year ${label}` });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(t0 + 10 * DAY) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    expect((await fetch(`${started.authorisationUrl}/approve`, { method: "POST", redirect: "manual" })).status).toBe(303);
    ids[label] = { accountId, subscriptionId: started.subscription.subscription_id };
  }

  it("12 months: each cycle paid at most once, each payment invoiced once, each notice ≥ 24 h before its debit, ledger intact", { timeout: 600_000 }, async () => {
    second = openDatabase(ctx.url, { max: 4 });
    for (const label of LABELS) await startOne(label);
    await deliver();
    for (const label of LABELS) {
      expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, ids[label].subscriptionId)))[0]!.status).toBe("active");
    }

    const renewals = [runRenewalsTask({ db: ctx.db, cashfree: live.cf.client, now }), runRenewalsTask({ db: second.db, cashfree: live.cf.client, now })];
    const dunning = [runDunningTask({ db: ctx.db, cashfree: live.cf.client, now }), runDunningTask({ db: second.db, cashfree: live.cf.client, now })];
    let cGraceDays = 0;
    for (let day = 0; day < DAYS; day++) {
      t = t0 + day * DAY;
      for (const step of STEPS.filter((s) => s.day === day)) await step.run();
      // Every raise waits for the day's decision (resolveRaised), not the emulator's default.
      const queue = live.cf.emulator.subscriptions.nextOutcomes;
      while (queue.length < 20) queue.push("PENDING");
      await Promise.all(renewals.map((task) => task({}, helpers)));
      await Promise.all(dunning.map((task) => task({}, helpers)));
      await resolveRaised();
      await deliver();
      await sweepNotifications(ctx.db, now());

      // B's retry succeeded: Cashfree now also reports its failed first attempt as paid (once).
      if (!world.lateSecondSuccess) {
        const [recovered] = await ctx.db.select().from(subscriptionDunning).where(and(eq(subscriptionDunning.accountId, ids.B.accountId), eq(subscriptionDunning.status, "recovered")));
        if (recovered) {
          const [charge] = await ctx.db.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, recovered.chargeId));
          world.lateSecondSuccess = { paymentId: charge!.paymentId, orderId: charge!.orderId };
          await sendSigned({
            type: "SUBSCRIPTION_PAYMENT_SUCCESS",
            event_time: new Date(t).toISOString(),
            data: { subscription_id: ids.B.subscriptionId, cf_subscription_id: "x", payment_id: charge!.paymentId, cf_payment_id: `late_${charge!.paymentId}`, payment_status: "SUCCESS", payment_amount: 4999, payment_type: "CHARGE" },
          });
        }
      }
      // C in its grace: the period is over, the plan still on.
      const [cDunning] = await ctx.db.select().from(subscriptionDunning).where(and(eq(subscriptionDunning.accountId, ids.C.accountId), eq(subscriptionDunning.status, "retrying")));
      if (cDunning && t > cDunning.periodEnd.getTime()) {
        const [c] = await ctx.db.select().from(accounts).where(eq(accounts.id, ids.C.accountId));
        expect(activePlanOf(c!, now()).plan).toBe("pro");
        cGraceDays++;
      }
    }

    // ---- every cycle: at most one success at Cashfree, and each paid order credited and invoiced exactly once
    // In cycle order (chargesOf(label)[n] is cycle n, as attemptOf counts them): a heap scan's order is not one.
    const charges = await ctx.db.select().from(subscriptionCharges).orderBy(asc(subscriptionCharges.cycleKey), asc(subscriptionCharges.id));
    const retries = await ctx.db.select().from(subscriptionChargeRetries).orderBy(asc(subscriptionChargeRetries.cycleKey), asc(subscriptionChargeRetries.attempt));
    const payments = [...live.cf.emulator.subscriptions.payments.values()].filter((p) => p.type === "CHARGE");
    const successesByCycle = new Map<string, number>();
    for (const p of payments.filter((x) => x.status === "SUCCESS")) {
      const a = await attemptOf(p.paymentId);
      successesByCycle.set(a.chargeId, (successesByCycle.get(a.chargeId) ?? 0) + 1);
    }
    expect(Math.max(...successesByCycle.values())).toBe(1);
    const renewalOrders = await ctx.db.select().from(orders).where(inArray(orders.id, charges.map((c) => c.orderId)));
    for (const order of renewalOrders) {
      const grants = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `order:${order.id}`));
      const invoiced = await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.id));
      expect([order.id, grants.length, invoiced.length]).toEqual([order.id, order.status === "PAID" ? 1 : 0, order.status === "PAID" ? 1 : 0]);
    }
    expect(renewalOrders.filter((o) => o.status === "PAID")).toHaveLength(successesByCycle.size);

    // ---- every pre-debit notice: one mail per attempt, and the attempt raised ≥ 24 h after it, never before its time
    for (const row of [...charges, ...retries]) {
      const mails = await ctx.db.select().from(emails).where(and(eq(emails.template, "renewal-pre-debit"), like(emails.dedupeKey, `renewal-pre-debit:${row.id}:%`)));
      expect(mails).toHaveLength(1);
      expect(row.chargeAt.getTime() - row.preDebitNotifiedAt.getTime()).toBeGreaterThanOrEqual(MIN_PRE_DEBIT_NOTICE_MS);
      const raised = raisedAt.get(row.paymentId);
      if (raised !== undefined) expect(raised).toBeGreaterThanOrEqual(row.preDebitNotifiedAt.getTime() + MIN_PRE_DEBIT_NOTICE_MS);
    }
    const preDebitMails = await ctx.db.select().from(emails).where(eq(emails.template, "renewal-pre-debit"));
    expect(preDebitMails).toHaveLength(charges.length + retries.length);
    expect(raisedAt.size).toBe(payments.length);

    const mailsOf = async (label: Label, template: string) => {
      const all = await ctx.db.select().from(emails).where(eq(emails.template, template));
      const charged = new Set([...charges, ...retries].filter((c) => c.accountId === ids[label].accountId).map((c) => c.id));
      return all.filter((m) => (m.dedupeKey ?? "").includes(ids[label].accountId) || [...charged].some((id) => (m.dedupeKey ?? "").includes(id)));
    };
    const subOf = async (label: Label) => (await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, ids[label].subscriptionId)))[0]!;
    const accountOf = async (label: Label) => (await ctx.db.select().from(accounts).where(eq(accounts.id, ids[label].accountId)))[0]!;
    const chargesOf = (label: Label) => charges.filter((c) => c.accountId === ids[label].accountId);

    // ---- A: twelve renewals, all paid, still active, never told its plan is ending
    expect(chargesOf("A").length).toBeGreaterThanOrEqual(12);
    expect(chargesOf("A").every((c) => c.status === "succeeded")).toBe(true);
    expect((await subOf("A")).status).toBe("active");
    expect(activePlanOf(await accountOf("A"), now()).plan).toBe("pro");
    expect(await mailsOf("A", "plan-ending")).toHaveLength(0);
    expect(await mailsOf("A", "plan-ended")).toHaveLength(0);

    // ---- B: one failure, recovered by retry 1 (attempt 2); the late second success flagged on the order, not credited
    const [bDunning] = await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.accountId, ids.B.accountId));
    expect(bDunning).toMatchObject({ status: "recovered", chargeId: chargesOf("B")[2]!.id });
    // The recovered month starts at the unpaid period's end (the retry was paid then), not after the grace.
    expect(chargesOf("B")[3]!.cycleKey).toBe(cycleKeyOf(addOneMonthIst(bDunning!.periodEnd)));
    // (Cashfree's word on attempt 1 is recorded on its row; the order stays paid by the retry.)
    expect(chargesOf("B")[2]).toMatchObject({ status: "succeeded", cfPaymentId: `late_${world.lateSecondSuccess!.paymentId}` });
    const bRetries = retries.filter((r) => r.accountId === ids.B.accountId);
    expect(bRetries.map((r) => [r.attempt, r.status])).toEqual([[2, "succeeded"]]);
    expect(await mailsOf("B", "renewal-payment-failed")).toHaveLength(1);
    expect(await mailsOf("B", "renewal-lapsed")).toHaveLength(0);
    const flagged = renewalOrders.find((o) => o.id === world.lateSecondSuccess!.orderId)!;
    expect(flagged).toMatchObject({ status: "PAID", flaggedForReview: true });
    expect(flagged.reviewReason).toContain("duplicate_payment");
    expect(flagged.cfPaymentId).not.toBe(`late_${world.lateSecondSuccess!.paymentId}`);
    expect((await subOf("B")).status).toBe("active");
    expect(activePlanOf(await accountOf("B"), now()).plan).toBe("pro");
    expect(await mailsOf("B", "plan-ending")).toHaveLength(0);

    // ---- C: cycle 5 failed four times (attempts 1–4, +1/+3/+5 days), the plan on through the grace, then Free
    const [cDunning] = await ctx.db.select().from(subscriptionDunning).where(eq(subscriptionDunning.accountId, ids.C.accountId));
    expect(cDunning).toMatchObject({ status: "lapsed" });
    expect(cDunning!.mandateCancelledAt).not.toBeNull();
    expect(cGraceDays).toBeGreaterThanOrEqual(3);
    const cRetries = retries.filter((r) => r.accountId === ids.C.accountId).sort((x, y) => x.attempt - y.attempt);
    expect(cRetries.map((r) => [r.attempt, r.status])).toEqual([[2, "failed"], [3, "failed"], [4, "failed"]]);
    expect(cRetries.map((r) => (r.chargeAt.getTime() - cDunning!.firstFailedAt.getTime()) / DAY)).toEqual([1, 3, 5]);
    expect(chargesOf("C")).toHaveLength(5);
    expect(payments.filter((p) => p.subscriptionId === ids.C.subscriptionId && (raisedAt.get(p.paymentId) ?? 0) > cDunning!.lapsedAt!.getTime())).toHaveLength(0);
    expect((await mailsOf("C", "renewal-payment-failed")).map((m) => m.dedupeKey!.split(":")[2])).toEqual(expect.arrayContaining(["1", "2", "3"]));
    expect(await mailsOf("C", "renewal-payment-failed")).toHaveLength(3);
    expect(await mailsOf("C", "renewal-lapsed")).toHaveLength(1);
    expect(await mailsOf("C", "plan-ended")).toHaveLength(0);
    expect((await subOf("C")).status).toBe("cancelled");
    expect(activePlanOf(await accountOf("C"), now()).plan).toBe("free");
    expect((await accountOf("C")).planExpiresAt).toEqual(cDunning!.lapsedAt);
    expect(live.cf.emulator.subscriptions.subscriptions.get(ids.C.subscriptionId)?.status).toBe("CANCELLED");

    // ---- D: cancelled mid-year: no charge after it, the plan ran to its period end, then the ordinary end mails
    const cancelled = world.cancelledAt.D!;
    expect(payments.filter((p) => p.subscriptionId === ids.D.subscriptionId && raisedAt.get(p.paymentId)! >= cancelled.at)).toHaveLength(0);
    expect((await accountOf("D")).planExpiresAt).toEqual(cancelled.periodEnd);
    expect((await subOf("D")).status).toBe("cancelled");
    expect(await mailsOf("D", "plan-ending")).toHaveLength(1);
    expect(await mailsOf("D", "plan-ended")).toHaveLength(1);

    // ---- E: Pro's price until the downgrade's period end, Starter's after it, every cycle paid; on Starter, renewing
    const changedE = world.changedAt.E!;
    const eCharges = chargesOf("E");
    expect(eCharges.every((c) => c.status === "succeeded")).toBe(true);
    const beforeSwitch = eCharges.filter((c) => c.cycleKey < cycleKeyOf(changedE.periodEnd));
    const afterSwitch = eCharges.filter((c) => c.cycleKey >= cycleKeyOf(changedE.periodEnd));
    expect(beforeSwitch.every((c) => c.amountPaise === PLANS.pro.monthlyPricePaise)).toBe(true);
    expect(afterSwitch.length).toBeGreaterThanOrEqual(6);
    expect(afterSwitch.every((c) => c.amountPaise === PLANS.starter.monthlyPricePaise)).toBe(true);
    expect(await subOf("E")).toMatchObject({ status: "active", plan: "starter", scheduledPlan: null });
    expect(activePlanOf(await accountOf("E"), now()).plan).toBe("starter");
    expect(await mailsOf("E", "plan-ending")).toHaveLength(0);

    // ---- F: no notice or charge after the choice, the mandate cancelled after the period, the plan ended at its end
    const changedF = world.changedAt.F!;
    expect(chargesOf("F").filter((c) => c.preDebitNotifiedAt.getTime() >= changedF.at)).toHaveLength(0);
    expect(payments.filter((p) => p.subscriptionId === ids.F.subscriptionId && raisedAt.get(p.paymentId)! >= changedF.at)).toHaveLength(0);
    expect((await subOf("F")).status).toBe("cancelled");
    expect(live.cf.emulator.subscriptions.subscriptions.get(ids.F.subscriptionId)?.status).toBe("CANCELLED");
    expect((await accountOf("F")).planExpiresAt).toEqual(changedF.periodEnd);
    expect(activePlanOf(await accountOf("F"), now()).plan).toBe("free");
    expect(await mailsOf("F", "plan-ending")).toHaveLength(1);
    expect(await mailsOf("F", "plan-ended")).toHaveLength(1);

    // ---- the books
    for (const label of LABELS) expect(await ledgerInvariant(ctx.db, ids[label].accountId)).toBeTruthy();
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
