import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { httpStatusOf } from "@/lib/api/http-status";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import type { Db } from "@/lib/db";
import { creditNotes, ledgerEntries, refunds } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { createCashfreeRefundTask, issueRefundCreditNoteTask, pollRefundTask } from "@/lib/jobs/tasks/refund-jobs";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { createOrder } from "@/lib/orders/create-order";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle, makeJobsDue, queuedJobs, settleWebhookJobs } from "@/lib/testing/run-jobs";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { orders } from "@/lib/db/schema";
import { approveRefund } from "./approve-refund";
import { createOperatorRefund } from "./create-operator-refund";
import { rejectRefund } from "./reject-refund";
import { requestRefund } from "./request-refund";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A paid, invoiced top-up of `credits` through the emulator and the settlement job. */
async function paidTopUp(ctx: DatabaseContext, credits: number) {
  const { accountId, ownerId } = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, accountId);
  const order = await createOrder({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { type: "credit_topup", credits } });
  const paid = await payInEmulator(cf, order.order_id, "success");
  expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body })).settled).toBe("paid");
  return { accountId, ownerId, orderId: order.order_id };
}

/** Runs the refund jobs that are due (Create Refund, polls), against the emulator. */
async function runRefundJobs(ctx: DatabaseContext) {
  const deps = { db: ctx.db, cashfree: cf.client };
  await runJobsOnceWith(ctx.url, {
    "create-cashfree-refund": createCashfreeRefundTask(deps),
    "poll-refund": pollRefundTask(deps),
    "issue-refund-credit-note": issueRefundCreditNoteTask(deps),
  });
}

/** The emulator settles the refund without delivering; returns the REFUND_STATUS_WEBHOOK's exact bytes. */
async function settleInEmulator(refundId: string, status: "SUCCESS" | "CANCELLED"): Promise<string> {
  const response = await fetch(`${cf.emulator.url}/__control/refunds/${refundId}/settle`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status, deliver: false }),
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { webhook: { raw_body: string } }).webhook.raw_body;
}

async function deliver(ctx: DatabaseContext, rawBody: string, idempotencyKey: string) {
  return handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret, { idempotencyKey }) });
}

const holdsOf = (db: Db, refundId: string) => db.select().from(ledgerEntries).where(like(ledgerEntries.causeKey, `refund:${refundId}%`));
const refundRow = async (db: Db, refundId: string) => (await db.select().from(refunds).where(eq(refunds.id, refundId)))[0]!;

describeWithDatabase("refunds", (ctx) => {
  let second: DbHandle;
  beforeAll(() => {
    second = openDatabase(ctx.url, { max: 10 });
  });
  afterAll(async () => {
    await second?.close();
  });

  it("20 concurrent requests and approvals, duplicated and out-of-order webhooks → one Cashfree refund, one hold, one credit note", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 500);
    const dbs = [ctx.db, second.db];
    // Requests from two instances at once: 300 of 500 credits fits once; the rest are told what is left.
    const requests = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => requestRefund(dbs[i % 2]!, { accountId, orderId, credits: 300n, reason: "unused", requestedByUserId: ownerId })),
    );
    const made = requests.filter((r) => r.status === "fulfilled");
    expect(made).toHaveLength(1);
    for (const r of requests.filter((r) => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).code).toBe("refund_exceeds_refundable");
      expect((r.reason as AppError).details).toMatchObject({ refundable_credits: "200" });
    }
    const refundId = (made[0] as PromiseFulfilledResult<{ id: string }>).value.id;
    expect(refundId).toMatch(/^rf_/);
    expect(await refundRow(ctx.db, refundId)).toMatchObject({ status: "requested", credits: 300n, amountPaise: 30_000n });

    const approvals = await Promise.all(Array.from({ length: 20 }, (_, i) => approveRefund(dbs[i % 2]!, { refundId, operatorUserId: null })));
    expect(approvals.filter((a) => a.outcome === "approved")).toHaveLength(1);
    expect(approvals.filter((a) => a.outcome === "already_approved")).toHaveLength(19);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 200n, ledgerSum: 200n });
    expect(await errorOf(rejectRefund(ctx.db, { refundId, operatorUserId: null, reason: "late" }))).toMatchObject({ code: "refund_not_requested" });

    await Promise.all([runRefundJobs(ctx), runRefundJobs(ctx)]); // two workers
    // A retried create job (its answer lost) asks again: Cashfree already has the refund_id, so nothing doubles.
    await ctx.db.update(refunds).set({ cfRefundId: null }).where(eq(refunds.id, refundId));
    await ctx.db.transaction(async (tx) => {
      const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
      await enqueueJob(tx, "create-cashfree-refund", { refundId });
    });
    await runRefundJobs(ctx);
    expect(cf.emulator.state.orders.get(orderId)!.refunds).toHaveLength(1);
    const pending = await refundRow(ctx.db, refundId);
    expect(pending).toMatchObject({ status: "pending", cfRefundStatus: "PENDING" });
    expect(pending.cfRefundId).toMatch(/^\d+$/);
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "poll-refund").map((j) => j.key)).toEqual([`poll-refund:${refundId}`]);

    const success = await settleInEmulator(refundId, "SUCCESS");
    const stale = success.replace('"refund_status":"SUCCESS"', '"refund_status":"PENDING"');
    expect(stale).not.toBe(success);
    await Promise.all([deliver(ctx, success, "s1"), deliver(ctx, success, "s1")]);
    await settleWebhookJobs(ctx);
    expect((await deliver(ctx, stale, "p1")).duplicate).toBe(false);
    // The same event again under another delivery id is known to the inbox already.
    expect((await deliver(ctx, success, "s2")).duplicate).toBe(true);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_unchanged"]);

    await runRefundJobs(ctx); // the credit note's own job
    const done = await refundRow(ctx.db, refundId);
    expect(done).toMatchObject({ status: "succeeded", cfRefundStatus: "SUCCESS" });
    expect(done.refundArn).toMatch(/^\d{12}$/);
    expect(done.completedAt).toBeInstanceOf(Date);
    expect(await holdsOf(ctx.db, refundId)).toMatchObject([{ kind: "refund", amountCredits: -300n }]);
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refundId));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.totalPaise).toBe(30_000n);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 200n, ledgerSum: 200n });
    // The poll that was waiting finds it final and stops.
    await makeJobsDue(ctx.db);
    await runRefundJobs(ctx);
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "poll-refund")).toHaveLength(0);
  });

  it("too many credits → 422 saying how many can be refunded, nothing written; plan orders are refused", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 100);
    const before = await ledgerInvariant(ctx.db, accountId);
    const error = await errorOf(requestRefund(ctx.db, { accountId, orderId, credits: 101n, reason: "all of it", requestedByUserId: ownerId }));
    expect(error.code).toBe("refund_exceeds_refundable");
    expect(httpStatusOf(error.code)).toBe(422);
    expect(error.details).toMatchObject({ refundable_credits: "100", requested_credits: "101" });
    expect(await ctx.db.select().from(refunds).where(eq(refunds.accountId, accountId))).toHaveLength(0);
    expect(await ledgerInvariant(ctx.db, accountId)).toEqual(before);

    // Another account's order is a 404.
    const other = await createAccount(ctx.db);
    expect((await errorOf(requestRefund(ctx.db, { accountId: other.accountId, orderId, credits: 1n, reason: "x", requestedByUserId: null }))).code).toBe("not_found");

    const plan = await insertOrder(ctx.db, { accountId, plan: "starter", status: "PAID", paidAt: new Date() });
    const refused = await errorOf(requestRefund(ctx.db, { accountId, orderId: plan.id, credits: 1n, reason: "x", requestedByUserId: null }));
    expect(refused.code).toBe("refund_not_allowed");
    expect(httpStatusOf(refused.code)).toBe(409);

    // A payment received offline never went through Cashfree: it is cancelled by operators, not refunded.
    const offline = await insertOrder(ctx.db, { accountId, credits: 50n, status: "PAID", paidAt: new Date() });
    await ctx.db.update(orders).set({ cashfreeEnv: "offline" }).where(eq(orders.id, offline.id));
    const offlineRefused = await errorOf(requestRefund(ctx.db, { accountId, orderId: offline.id, credits: 1n, reason: "x", requestedByUserId: null }));
    expect(offlineRefused.code).toBe("refund_not_allowed");
    expect(offlineRefused.details).toMatchObject({ paid: "offline" });
    expect(await ctx.db.select().from(refunds).where(eq(refunds.orderId, offline.id))).toHaveLength(0);
  });

  it("a cancelled refund gives the hold back once; duplicates change nothing", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 100);
    const refund = await requestRefund(ctx.db, { accountId, orderId, credits: 40n, reason: "unused", requestedByUserId: ownerId });
    await approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null });
    expect((await ledgerInvariant(ctx.db, accountId)).balance).toBe(60n);
    await runRefundJobs(ctx);
    const cancelled = await settleInEmulator(refund.id, "CANCELLED");
    await Promise.all([deliver(ctx, cancelled, "c1"), deliver(ctx, cancelled, "c2")]);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_failed"]);
    // A late PENDING report (from the poll or a webhook) after the final state changes nothing.
    const stale = cancelled.replace('"refund_status":"CANCELLED"', '"refund_status":"PENDING"');
    await deliver(ctx, stale, "c3");
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_unchanged"]);
    expect(await refundRow(ctx.db, refund.id)).toMatchObject({ status: "failed", cfRefundStatus: "CANCELLED" });
    expect((await holdsOf(ctx.db, refund.id)).map((e) => [e.kind, e.amountCredits]).sort()).toEqual([
      ["refund", -40n],
      ["refund_release", 40n],
    ]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refund.id))).toHaveLength(0);
    // The failed refund no longer counts: the whole order can be refunded again.
    const again = await requestRefund(ctx.db, { accountId, orderId, credits: 100n, reason: "again", requestedByUserId: ownerId });
    expect(again.amountPaise).toBe(10_000n);
  });

  it("the poll job drives the outcome when no webhook comes", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 100);
    const refund = await requestRefund(ctx.db, { accountId, orderId, credits: 25n, reason: "unused", requestedByUserId: ownerId });
    await approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null });
    await runRefundJobs(ctx);
    await settleInEmulator(refund.id, "SUCCESS"); // its webhook is never delivered
    // Not due yet: nothing happens until time passes (run_at, no sleeps).
    await runRefundJobs(ctx);
    expect((await refundRow(ctx.db, refund.id)).status).toBe("pending");
    expect(await makeJobsDue(ctx.db)).toBeGreaterThan(0);
    await runRefundJobs(ctx);
    expect(await refundRow(ctx.db, refund.id)).toMatchObject({ status: "succeeded", cfRefundStatus: "SUCCESS" });
    expect(await ctx.db.select().from(creditNotes).where(and(eq(creditNotes.refundId, refund.id), eq(creditNotes.accountId, accountId)))).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 75n, ledgerSum: 75n });
  });

  it("approval re-checks the balance: credits spent since the request → 422 with what is left, nothing held", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 100);
    const refund = await requestRefund(ctx.db, { accountId, orderId, credits: 80n, reason: "unused", requestedByUserId: ownerId });
    await consumeCredits(ctx.db, { accountId, amountCredits: 50n, idempotencyKey: "spent-after-request" });
    const error = await errorOf(approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null }));
    expect(error).toMatchObject({ code: "refund_exceeds_refundable", details: { refundable_credits: "50" } });
    expect(await refundRow(ctx.db, refund.id)).toMatchObject({ status: "requested" });
    expect(await holdsOf(ctx.db, refund.id)).toHaveLength(0);
    // An operator's own refund of what is left starts pending with the hold at once; the request counts against the order.
    expect((await errorOf(createOperatorRefund(ctx.db, { orderId, credits: 21n, reason: "goodwill", operatorUserId: null }))).details).toMatchObject({ refundable_credits: "20" });
    const own = await createOperatorRefund(ctx.db, { orderId, credits: 20n, reason: "goodwill", operatorUserId: null });
    expect(own).toMatchObject({ status: "pending", initiatedBy: "operator", amountPaise: 2_000n });
    expect(own.decidedAt).toBeInstanceOf(Date);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 30n, ledgerSum: 30n });
    expect((await queuedJobs(ctx.db)).some((j) => j.key === `create-cashfree-refund:${own.id}`)).toBe(true);
  });

  it("a refund made in Cashfree's dashboard is recorded as an operator refund, held as far as the balance allows, the order flagged", async () => {
    const { accountId, orderId } = await paidTopUp(ctx, 100);
    await consumeCredits(ctx.db, { accountId, amountCredits: 70n, idempotencyKey: "spent-before-dashboard-refund" });
    // Made in the dashboard: Khata never saw this refund_id.
    const made = await cf.client.createRefund(orderId, { refund_id: "dashboard_rf_1", refund_amount: 50 }, { idempotencyKey: "dashboard-1" });
    expect(made.refund_status).toBe("PENDING");
    const success = await settleInEmulator("dashboard_rf_1", "SUCCESS");
    await deliver(ctx, success, "d1");
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["unknown_refund_recorded"]);
    expect(await refundRow(ctx.db, "dashboard_rf_1")).toMatchObject({ status: "succeeded", initiatedBy: "operator", credits: 50n, amountPaise: 5_000n });
    expect(await holdsOf(ctx.db, "dashboard_rf_1")).toMatchObject([{ kind: "refund", amountCredits: -30n }]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n, minBalanceAfter: 0n });
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ flaggedForReview: true });
    expect(order!.reviewReason).toContain("dashboard_rf_1");
    expect(order!.reviewReason).toContain("30 of 50 credits held");
    await runRefundJobs(ctx);
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, "dashboard_rf_1"))).toHaveLength(1);
  });

  it("two refunds completed in one settlement batch each get their credit note (one note per transaction)", async () => {
    const { accountId, ownerId, orderId } = await paidTopUp(ctx, 100);
    const ids: string[] = [];
    for (const credits of [10n, 15n]) {
      const refund = await requestRefund(ctx.db, { accountId, orderId, credits, reason: "unused", requestedByUserId: ownerId });
      await approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null });
      ids.push(refund.id);
    }
    await runRefundJobs(ctx);
    for (const [i, id] of ids.entries()) await deliver(ctx, await settleInEmulator(id, "SUCCESS"), `two-${i}`);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_succeeded", "refund_succeeded"]);
    await runRefundJobs(ctx);
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.accountId, accountId));
    expect(notes.map((n) => [n.refundId, n.totalPaise]).sort()).toEqual(
      [
        [ids[0], 1_000n],
        [ids[1], 1_500n],
      ].sort(),
    );
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 75n, ledgerSum: 75n });
  });

  it("Cashfree refusing Create Refund fails the refund and gives the hold back (no endless retries)", async () => {
    const { accountId, orderId } = await paidTopUp(ctx, 100);
    const refund = await createOperatorRefund(ctx.db, { orderId, credits: 30n, reason: "goodwill", operatorUserId: null });
    // More money than was paid: the emulator (like Cashfree) answers 400 refund_amount_invalid.
    await ctx.db.update(refunds).set({ amountPaise: 20_000n }).where(eq(refunds.id, refund.id));
    await runRefundJobs(ctx);
    const failed = await refundRow(ctx.db, refund.id);
    expect(failed).toMatchObject({ status: "failed", cfRefundId: null, cfRefundStatus: "FAILED" });
    expect(failed.failureReason).toContain("refund_amount_invalid");
    expect((await holdsOf(ctx.db, refund.id)).map((e) => e.amountCredits).sort()).toEqual([-30n, 30n]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });
    expect(cf.emulator.state.orders.get(orderId)!.refunds).toHaveLength(0);
  });
});
