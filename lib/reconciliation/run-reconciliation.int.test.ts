import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { orders, reconciliationMismatches, reconciliationRuns, refunds } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createOrder } from "@/lib/orders/create-order";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { payInEmulator, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle, queuedJobs } from "@/lib/testing/run-jobs";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { runReconciliationTask } from "@/lib/jobs/tasks/run-reconciliation";
import { istDateString } from "@/lib/money/ist";
import { reconcileSettledDay, runReconciliation, settledDayOf } from "./run-reconciliation";
import { startReconciliation } from "./start-reconciliation";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

const control = async (path: string, body: unknown = {}) => {
  const response = await fetch(`${cf.emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<unknown>;
};

describeWithDatabase("reconciliation against Cashfree's settlements", (ctx) => {
  let accountId: string;
  let ownerId: string;

  beforeEach(async () => {
    await control("/reset");
    await control("/config", { settlementDelayMs: 0, settlementFeeBps: 195 });
    await ctx.db.delete(reconciliationRuns);
    // Earlier tests' payments and refunds move out of this test's period (the emulator forgot their settlements).
    await ctx.db.update(orders).set({ paidAt: sql`${orders.paidAt} - interval '30 days'` });
    await ctx.db.update(refunds).set({ completedAt: sql`${refunds.completedAt} - interval '30 days'` });
    ({ accountId, ownerId } = await createAccount(ctx.db));
    await createBillingProfile(ctx.db, accountId);
  });

  /** A top-up paid at Cashfree and settled here through its webhook. */
  async function paidOrder(credits: number) {
    const order = await createOrder({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { type: "credit_topup", credits } });
    const paid = await payInEmulator(cf, order.order_id, "success");
    expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body })).settled).toBe("paid");
    return { orderId: order.order_id, cfPaymentId: paid.payment.cf_payment_id };
  }

  /** A refund Khata completed, refunded at Cashfree too (the refunds part's rows, written directly here). */
  async function succeededRefund(db: Db, orderId: string, credits: number) {
    const id = newId("rf");
    await db.insert(refunds).values({
      id,
      accountId,
      orderId,
      credits: BigInt(credits),
      amountPaise: BigInt(credits * 100),
      reason: "test",
      status: "succeeded",
      initiatedBy: "operator",
      completedAt: new Date(),
    });
    await cf.client.createRefund(orderId, { refund_amount: credits, refund_id: id }, { idempotencyKey: id });
    await control(`/refunds/${id}/settle`, { deliver: false });
    return id;
  }

  async function reconcile(from: Date, options: { graceMs?: number } = {}) {
    const now = new Date(Date.now() + 60_000);
    const run = await ctx.db.transaction((tx) => startReconciliation(tx, { from, to: now, userId: ownerId, now }));
    const result = await runReconciliation({ db: ctx.db, cashfree: cf.client, now: () => now, settlementGraceMs: options.graceMs ?? 0 }, run.id);
    if (result.outcome !== "succeeded") throw new Error(result.outcome);
    const mismatches = await ctx.db.select().from(reconciliationMismatches).where(eq(reconciliationMismatches.runId, run.id));
    return { run: result.run, mismatches };
  }

  it("reports none on a clean day: every payment settled with its fee and GST, every refund debited", async () => {
    const from = new Date(Date.now() - 60_000);
    const first = await paidOrder(1000);
    await paidOrder(250);
    await succeededRefund(ctx.db, first.orderId, 100);

    const { run, mismatches } = await reconcile(from);
    expect(mismatches).toEqual([]);
    expect(run).toMatchObject({ status: "succeeded", triggeredBy: "operator", requestedByUserId: ownerId, ordersChecked: 2, refundsChecked: 1, settlementEventsRead: 3, mismatchCount: 0, error: null });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "run-reconciliation").map((j) => j.payload)).toContainEqual({ runId: run.id });

    // A repeated job changes nothing.
    const again = await runReconciliation({ db: ctx.db, cashfree: cf.client }, run.id);
    expect(again.outcome).toBe("already_succeeded");
  });

  it("finds each of five injected mismatches, once, and a missing settlement only after the settlement delay", async () => {
    const from = new Date(Date.now() - 60_000);
    const changed = await paidOrder(1000);
    const dropped = await paidOrder(500);
    const refunded = await paidOrder(300);
    await paidOrder(200); // settles cleanly
    const droppedRefund = await succeededRefund(ctx.db, refunded.orderId, 50);

    await control("/settlements/mismatch", { kind: "change_amount", order_id: changed.orderId, settlement_amount: 900 });
    await control("/settlements/mismatch", { kind: "unknown_order", order_id: "cm_nobody_knows_it", amount: 42 });
    await control("/settlements/mismatch", { kind: "drop", order_id: dropped.orderId });
    await control("/settlements/mismatch", { kind: "add_refund", order_id: changed.orderId, refund_id: "rf_ghost_refund", amount: 10 });
    await control("/settlements/mismatch", { kind: "drop_refund", refund_id: droppedRefund });

    const { run, mismatches } = await reconcile(from);
    expect(run).toMatchObject({ ordersChecked: 4, refundsChecked: 1, mismatchCount: 5 });
    const byKind = Object.fromEntries(mismatches.map((m) => [m.kind, m]));
    expect(mismatches.map((m) => m.kind).sort()).toEqual(["amount_mismatch", "not_settled", "refund_missing_at_cashfree", "refund_missing_here", "unknown_settlement"]);
    expect(byKind.amount_mismatch).toMatchObject({ orderId: changed.orderId, cfPaymentId: changed.cfPaymentId, expectedPaise: 100_000n, actualPaise: 100_000n });
    expect(byKind.amount_mismatch!.detail).toContain("settled ₹900.00, expected ₹976.99");
    expect(byKind.amount_mismatch!.settlementUtr).toMatch(/^CFUTR/);
    expect(byKind.not_settled).toMatchObject({ orderId: dropped.orderId, cfPaymentId: dropped.cfPaymentId, expectedPaise: 50_000n, actualPaise: null });
    expect(byKind.unknown_settlement).toMatchObject({ orderId: "cm_nobody_knows_it", expectedPaise: null, actualPaise: 4200n });
    expect(byKind.refund_missing_here).toMatchObject({ refundId: "rf_ghost_refund", orderId: changed.orderId, actualPaise: 1000n });
    expect(byKind.refund_missing_at_cashfree).toMatchObject({ refundId: droppedRefund, orderId: refunded.orderId, expectedPaise: 5000n });

    // Within Cashfree's settlement delay the dropped payment and refund are not missing yet.
    const early = await reconcile(from, { graceMs: 24 * 60 * 60 * 1000 });
    expect(early.mismatches.map((m) => m.kind).sort()).toEqual(["amount_mismatch", "refund_missing_here", "unknown_settlement"]);
  });

  it("does not take a payment of another period, or of Khata, for an unknown one", async () => {
    const earlier = await paidOrder(100);
    // Khata recorded it as paid the day before: another period's order, settled in this period's window.
    await ctx.db.update(orders).set({ paidAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000) }).where(eq(orders.id, earlier.orderId));
    const { mismatches, run } = await reconcile(new Date(Date.now() - 60_000));
    expect(run.ordersChecked).toBe(0);
    expect(mismatches).toEqual([]);
  });

  it("the job works an operator's queued run, and the daily cron reconciles the IST day that ended a settlement grace ago, once", async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 60_000);
    await paidOrder(100);
    const run = await ctx.db.transaction((tx) => startReconciliation(tx, { from, to: new Date(now.getTime() + 60_000), userId: ownerId, now }));
    const deps = { db: ctx.db, cashfree: cf.client, now: () => new Date(now.getTime() + 120_000) };
    await runJobsOnceWith(ctx.url, { "run-reconciliation": runReconciliationTask(deps) });
    const [worked] = await ctx.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, run.id));
    expect(worked).toMatchObject({ status: "succeeded", ordersChecked: 1, mismatchCount: 0 });

    const daily = await reconcileSettledDay({ db: ctx.db, cashfree: cf.client, now: () => now });
    const day = settledDayOf(now);
    expect(daily).toMatchObject({ outcome: "succeeded", run: { id: `rr_cron_${istDateString(day.from).replaceAll("-", "")}`, triggeredBy: "cron", periodStart: day.from, periodEnd: day.to } });
    expect((await reconcileSettledDay({ db: ctx.db, cashfree: cf.client, now: () => now })).outcome).toBe("already_succeeded");
    expect(await ctx.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.triggeredBy, "cron"))).toHaveLength(1);
  });
});
