import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zodToAppError } from "@/lib/validation/zod-error";
import type { Db } from "@/lib/db";
import { accounts, billingProfiles, invoiceCounters, invoices, ledgerEntries, orders, webhookEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { addOneMonthIst } from "@/lib/money/ist";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { getInvoice } from "@/lib/invoices/get-invoice";
import { getInvoicePdf } from "@/lib/invoices/get-invoice-pdf";
import { listInvoices } from "@/lib/invoices/list-invoices";
import { createOrder } from "./create-order";
import { handleWebhook } from "./handle-webhook";
import { historyQuerySchema } from "./history-query";
import { listHistory } from "./list-history";
import { adminOrdersQuerySchema, listOrdersForOperator } from "./list-flagged-orders";
import { retryOrder } from "./retry-order";
import { createOrderSchema } from "./schemas";
import { settleOrder } from "./settle-order";
import {
  expireInEmulator,
  insertOrder,
  payInEmulator,
  paymentWebhookBody,
  signedHeaders,
  startTestCashfree,
  unreachableCashfree,
  type TestCashfree,
} from "@/lib/testing/orders";
import { deliverAndSettle, queuedJobs } from "@/lib/testing/run-jobs";
import { verifyOrder } from "./verify-order";
import { httpStatusOf } from "@/lib/api/http-status";

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

async function payingAccount(db: Db, options: { plan?: string; planExpiresAt?: Date | null } = {}) {
  const { accountId, ownerId } = await createAccount(db, { plan: options.plan });
  if (options.planExpiresAt !== undefined) await db.update(accounts).set({ planExpiresAt: options.planExpiresAt }).where(eq(accounts.id, accountId));
  await createBillingProfile(db, accountId);
  return { accountId, ownerId };
}

async function rows(db: Db) {
  const [w] = await db.select({ n: count() }).from(webhookEvents);
  const [l] = await db.select({ n: count() }).from(ledgerEntries);
  const [i] = await db.select({ n: count() }).from(invoices);
  return { webhookEvents: w!.n, ledger: l!.n, invoices: i!.n };
}

async function orderRow(db: Db, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

async function grantsFor(db: Db, orderId: string) {
  return db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, orderId));
}

describe("create-order body validation", () => {
  const cases: [string, unknown, string][] = [
    ["zero credits", { type: "credit_topup", credits: 0 }, "credits"],
    ["negative credits", { type: "credit_topup", credits: -1 }, "credits"],
    ["fractional credits", { type: "credit_topup", credits: 1.5 }, "credits"],
    ["credits as a string", { type: "credit_topup", credits: "100" }, "credits"],
    ["too many credits", { type: "credit_topup", credits: 100001 }, "credits"],
    ["missing credits", { type: "credit_topup" }, "credits"],
    ["missing type", { credits: 100 }, "type"],
    ["unknown type", { type: "gift", credits: 100 }, "type"],
    ["unknown plan", { type: "plan_upgrade", plan: "gold" }, "plan"],
    ["unknown field", { type: "credit_topup", credits: 100, coupon: "X" }, "coupon"],
    ["credits on a plan upgrade", { type: "plan_upgrade", plan: "pro", credits: 5 }, "credits"],
  ];
  it.each(cases)("%s → 400 naming %s", (_name, body, field) => {
    const parsed = createOrderSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const error = zodToAppError(parsed.error!, "body");
    expect(httpStatusOf(error.code)).toBe(400);
    expect(error.message).toContain(field);
  });

  it("accepts the seed's bodies and the bounds", () => {
    for (const body of [
      { type: "credit_topup", credits: 5000 },
      { type: "credit_topup", credits: 1 },
      { type: "credit_topup", credits: 100000 },
      { type: "plan_upgrade", plan: "pro" },
    ]) {
      expect(createOrderSchema.safeParse(body).success).toBe(true);
    }
  });
});

describeWithDatabase("orders: create, settle, verify, retry", (ctx) => {
  const deps = () => ({ db: ctx.db, cashfree: cf.client });

  it("needs a billing profile first", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const error = await errorOf(createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } }));
    expect(error).toMatchObject({ code: "billing_profile_incomplete", details: { field: "legal_name", fields: ["legal_name", "address_line1", "city", "postal_code", "state_code", "phone", "email"] } });
    expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toHaveLength(0);
  });

  it.each([
    ["a landline phone (Cashfree takes mobiles only)", { phone: "2223456789" }, "phone", /phone cannot be used: .*mobile/],
    ["a PIN code that no longer passes the schema", { postalCode: "12" }, "postal_code", /PIN code cannot be used/],
    ["a bad email", { email: "not-an-email" }, "email", /email cannot be used/],
  ])("an unusable profile (%s) → 400 billing_profile_incomplete naming the field; no order", async (_label, patch, field, message) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId, patch);
    const error = await errorOf(createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } }));
    expect(error).toMatchObject({ code: "billing_profile_incomplete", details: { field, fields: [field] } });
    expect(httpStatusOf(error.code)).toBe(400);
    expect(error.message).toMatch(message);
    expect(await ctx.db.select().from(orders).where(eq(orders.accountId, accountId))).toHaveLength(0);
  });

  it("creates a top-up order at Cashfree and answers the seed's shape", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const result = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 5000 } });
    expect(Object.keys(result).sort()).toEqual(["amount", "cf_order_id", "currency", "env", "order_id", "payment_session_id"]);
    expect(result).toMatchObject({ amount: 5000, currency: "INR", env: "emulator" });
    expect(result.order_id).toMatch(/^cm_[0-9a-f]{16}$/);
    const row = await orderRow(ctx.db, result.order_id);
    expect(row).toMatchObject({
      status: "ACTIVE",
      amountPaise: 500000n,
      credits: 5000n,
      cfOrderId: result.cf_order_id,
      paymentSessionId: result.payment_session_id,
      cashfreeEnv: "emulator",
    });
    const cfOrder = await cf.client.getOrder(result.order_id);
    expect(cfOrder).toMatchObject({ order_amount: 5000, order_status: "ACTIVE" });
    expect(cfOrder.order_meta?.notify_url).toMatch(/\/api\/v1\/payments\/webhook$/);
    expect(cfOrder.order_meta?.return_url).toContain("/billing/return?order_id=");
  });

  it("closes the order and answers 502 when Cashfree is unreachable", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const error = await errorOf(
      createOrder({ db: ctx.db, cashfree: unreachableCashfree() }, { accountId, userId: ownerId, request: { type: "credit_topup", credits: 10 } }),
    );
    expect(error).toMatchObject({ code: "payment_provider_error" });
    const [row] = await ctx.db.select().from(orders).where(eq(orders.accountId, accountId));
    expect(row?.status).toBe("TERMINATED");
  });

  it("upgrades only to a higher plan than the active one", async () => {
    const future = new Date(Date.now() + 10 * 86400_000);
    const { accountId, ownerId } = await payingAccount(ctx.db, { plan: "pro", planExpiresAt: future });
    for (const plan of ["starter", "pro"] as const) {
      const error = await errorOf(createOrder(deps(), { accountId, userId: ownerId, request: { type: "plan_upgrade", plan } }));
      expect(error).toMatchObject({ code: "plan_not_upgradable" });
    }
    const ok = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "plan_upgrade", plan: "enterprise" } });
    expect(ok.amount).toBe(19999);

    // Once Pro has lapsed the account is on the free tier again: any plan is an upgrade.
    const lapsed = await payingAccount(ctx.db, { plan: "pro", planExpiresAt: new Date(Date.now() - 1000) });
    const starter = await createOrder(deps(), { accountId: lapsed.accountId, userId: lapsed.ownerId, request: { type: "plan_upgrade", plan: "starter" } });
    expect(starter.amount).toBe(999);
  });

  it("settles a signed success webhook once: PAID, credits, invoice; redeliveries are acknowledged", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 5000 } });
    const paid = await payInEmulator(cf, order.order_id, "success");
    const rawBody = paid.webhook!.raw_body;
    expect(rawBody).toContain('"payment_amount":5000.00');

    const first = await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret) });
    expect(first).toEqual({ received: true, duplicate: false, event_type: "PAYMENT_SUCCESS_WEBHOOK", outcome: "queued" });
    // Answered before settlement: nothing is paid until the job runs.
    expect((await orderRow(ctx.db, order.order_id)).status).toBe("ACTIVE");
    const again = await deliverAndSettle(ctx, { secret: cf.secret, rawBody });
    expect(again).toMatchObject({ duplicate: true, outcome: "duplicate" });
    const [event] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.orderId, order.order_id));
    expect(event).toMatchObject({ outcome: "paid", settleAttempts: 0, lastError: null });
    expect(event!.settledAt).toBeInstanceOf(Date);

    const row = await orderRow(ctx.db, order.order_id);
    expect(row).toMatchObject({ status: "PAID", cfPaymentId: paid.payment.cf_payment_id, paidAmountPaise: 500000n, flaggedForReview: false });
    expect(await grantsFor(ctx.db, order.order_id)).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 5000n, ledgerSum: 5000n });
    const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.order_id));
    expect(invoice).toMatchObject({ totalPaise: 500000n, accountId });
    expect(invoice!.invoiceNumber).toMatch(/^KH-\d{4}-\d{6}$/);
    expect(invoice!.taxablePaise + invoice!.cgstPaise + invoice!.sgstPaise + invoice!.igstPaise).toBe(500000n);

    // FAILED for another attempt, delivered after the success: the order stays PAID.
    const failedBody = paymentWebhookBody({ orderId: order.order_id, orderAmount: 5000, cfPaymentId: "999000111", status: "FAILED" });
    const late = await deliverAndSettle(ctx, { secret: cf.secret, rawBody: failedBody });
    expect(late.settled).toBe("already_paid");
    expect((await orderRow(ctx.db, order.order_id)).status).toBe("PAID");
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 5000n });
  });

  it("refuses a bad signature, a stale timestamp or missing headers and writes nothing", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 100n });
    const rawBody = paymentWebhookBody({ orderId: order.id, orderAmount: 100, cfPaymentId: "777", status: "SUCCESS" });
    const before = await rows(ctx.db);
    const attempts = [
      signedHeaders(rawBody, "not-the-secret"),
      signedHeaders(rawBody, cf.secret, { timestampMs: Date.now() - 10 * 60_000 }),
      { "content-type": "application/json" },
      { ...signedHeaders(rawBody, cf.secret), "x-webhook-timestamp": String(Date.now() + 1) },
    ];
    for (const headers of attempts) {
      const error = await errorOf(handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers }));
      expect(error).toMatchObject({ code: "invalid_signature" });
    }
    // A body changed after signing (e.g. re-serialised 100.00 → 100) does not verify either.
    const tampered = rawBody.replace('"payment_amount":100.00', '"payment_amount":100');
    const error = await errorOf(handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: tampered, headers: signedHeaders(rawBody, cf.secret) }));
    expect(error.code).toBe("invalid_signature");
    expect(await rows(ctx.db)).toEqual(before);
    expect((await orderRow(ctx.db, order.id)).status).toBe("ACTIVE");
  });

  it("acknowledges and records unknown orders and unknown event types", async () => {
    const body = paymentWebhookBody({ orderId: "cm_0000000000000000", orderAmount: 10, cfPaymentId: "1", status: "SUCCESS" });
    const unknownOrder = await deliverAndSettle(ctx, { secret: cf.secret, rawBody: body });
    expect(unknownOrder).toMatchObject({ duplicate: false, outcome: "queued", settled: "unknown_order" });
    const other = '{"type":"SETTLEMENT_WEBHOOK","event_time":"2026-11-23T10:00:00+05:30","data":{"x":1}}';
    const unknownType = await deliverAndSettle(ctx, { secret: cf.secret, rawBody: other, headers: signedHeaders(other, cf.secret, { idempotencyKey: "k1" }) });
    expect(unknownType).toMatchObject({ duplicate: false, outcome: "queued", settled: "ignored_type", event_type: "SETTLEMENT_WEBHOOK" });
    const recorded = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.orderId, "cm_0000000000000000"));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.outcome).toBe("unknown_order");
  });

  it("a second successful payment on a PAID order is flagged, never granted; a signed but malformed body is kept and acknowledged", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 20n });
    const pay = (cfPaymentId: string) => settleOrder(ctx.db, { orderId: order.id, payment: { cfPaymentId, status: "SUCCESS", amount: 20, currency: "INR" } });
    expect((await pay("first")).outcome).toBe("paid");
    expect((await pay("second")).outcome).toBe("duplicate_payment_flagged");
    expect((await pay("second")).outcome).toBe("already_paid");
    const row = await orderRow(ctx.db, order.id);
    expect(row).toMatchObject({ status: "PAID", cfPaymentId: "first", flaggedForReview: true });
    expect(row.reviewReason).toContain("duplicate_payment: cf_payment_id second");
    expect(await grantsFor(ctx.db, order.id)).toHaveLength(1);

    const malformed = '{"type":"PAYMENT_SUCCESS_WEBHOOK","event_time":"2026-11-23T10:00:00+05:30","data":{"order":{}}}';
    const result = await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: malformed, headers: signedHeaders(malformed, cf.secret) });
    expect(result).toMatchObject({ duplicate: false, outcome: "unparseable", event_type: "PAYMENT_SUCCESS_WEBHOOK" });
    // Kept for an operator, already settled (nothing to do), and no settlement job for it.
    const kept = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.outcome, "unparseable"));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.settledAt).toBeInstanceOf(Date);
    const jobs = await queuedJobs(ctx.db);
    expect(jobs.filter((j) => j.task_identifier === "settle-webhook-events" && j.payload.eventId === String(kept[0]!.id))).toEqual([]);
  });

  it("flags a payment whose amount differs from the order's and grants nothing", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 5000 } });
    const paid = await payInEmulator(cf, order.order_id, "success", 4999);
    const rawBody = paid.webhook!.raw_body;
    const result = await deliverAndSettle(ctx, { secret: cf.secret, rawBody });
    expect(result.settled).toBe("amount_mismatch_flagged");
    const row = await orderRow(ctx.db, order.order_id);
    expect(row).toMatchObject({ status: "ACTIVE", flaggedForReview: true, paidAmountPaise: 499900n });
    expect(row.reviewReason).toContain("amount_mismatch");
    expect(await grantsFor(ctx.db, order.order_id)).toHaveLength(0);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.order_id))).toHaveLength(0);

    // A wrong currency is a mismatch too.
    const other = await insertOrder(ctx.db, { accountId, credits: 100n });
    const usd = paymentWebhookBody({ orderId: other.id, orderAmount: 100, cfPaymentId: "usd1", status: "SUCCESS", currency: "USD" });
    expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: usd })).settled).toBe("amount_mismatch_flagged");

    const flagged = await listOrdersForOperator(ctx.db, adminOrdersQuerySchema.parse({ flagged: "1" }));
    expect(flagged.orders.map((o) => o.order_id)).toEqual(expect.arrayContaining([order.order_id, other.id]));
    expect(flagged.orders.every((o) => o.flagged_for_review)).toBe(true);
  });

  it("verify settles from Cashfree's answer, only for the caller's account; a later webhook grants nothing more", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const stranger = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 250 } });
    const before = await verifyOrder(deps(), { accountId, orderId: order.order_id });
    expect(before).toMatchObject({ order_id: order.order_id, status: "pending", invoice_number: null });

    const paid = await payInEmulator(cf, order.order_id, "success");
    const notYours = await errorOf(verifyOrder(deps(), { accountId: stranger.accountId, orderId: order.order_id }));
    expect(notYours).toMatchObject({ code: "not_found" });
    expect((await orderRow(ctx.db, order.order_id)).status).toBe("ACTIVE");

    const after = await verifyOrder(deps(), { accountId, orderId: order.order_id });
    expect(after).toMatchObject({ status: "paid", amount: 250, credits: 250n });
    expect(after.invoice_number).toMatch(/^KH-/);

    const rawBody = paid.webhook!.raw_body;
    const hook = await deliverAndSettle(ctx, { secret: cf.secret, rawBody });
    expect(hook).toMatchObject({ duplicate: false, outcome: "queued", settled: "already_paid" });
    expect(await grantsFor(ctx.db, order.order_id)).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 250n, ledgerSum: 250n });
  });

  it("verify marks failed, dropped and expired orders", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const failed = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 10 } });
    await payInEmulator(cf, failed.order_id, "failed");
    expect((await verifyOrder(deps(), { accountId, orderId: failed.order_id })).status).toBe("failed");

    const dropped = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 10 } });
    await payInEmulator(cf, dropped.order_id, "user_dropped");
    expect((await verifyOrder(deps(), { accountId, orderId: dropped.order_id })).status).toBe("user_dropped");

    const expired = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 10 } });
    await expireInEmulator(cf, expired.order_id);
    expect((await verifyOrder(deps(), { accountId, orderId: expired.order_id })).status).toBe("expired");
    expect((await orderRow(ctx.db, expired.order_id)).status).toBe("EXPIRED");
  });

  it("retry: a failed attempt on a live Cashfree order gets its session back; an expired one is replaced", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 40 } });
    await payInEmulator(cf, order.order_id, "failed");
    const same = await retryOrder(deps(), { accountId, userId: ownerId, orderId: order.order_id });
    expect(same).toMatchObject({ order_id: order.order_id, replaces_order_id: null, amount: 40, currency: "INR" });
    expect(same.payment_session_id).toBeTruthy();
    expect((await orderRow(ctx.db, order.order_id)).status).toBe("ACTIVE");

    await expireInEmulator(cf, order.order_id);
    const fresh = await retryOrder(deps(), { accountId, userId: ownerId, orderId: order.order_id });
    expect(fresh.order_id).not.toBe(order.order_id);
    expect(fresh).toMatchObject({ replaces_order_id: order.order_id, amount: 40 });
    expect(await orderRow(ctx.db, order.order_id)).toMatchObject({ status: "EXPIRED", replacedByOrderId: fresh.order_id });
    expect(await orderRow(ctx.db, fresh.order_id)).toMatchObject({ status: "ACTIVE", replacesOrderId: order.order_id, credits: 40n });

    const twice = await errorOf(retryOrder(deps(), { accountId, userId: ownerId, orderId: order.order_id }));
    expect(twice).toMatchObject({ code: "order_not_retryable" });

    // The replacement gets paid; retrying it is refused. Money that still arrives on the replaced order is credited once.
    await payInEmulator(cf, fresh.order_id, "success");
    expect((await verifyOrder(deps(), { accountId, orderId: fresh.order_id })).status).toBe("paid");
    const paidError = await errorOf(retryOrder(deps(), { accountId, userId: ownerId, orderId: fresh.order_id }));
    expect(paidError).toMatchObject({ code: "order_already_paid" });

    const late = { cfPaymentId: "late-1", status: "SUCCESS" as const, amount: 40, currency: "INR" };
    expect((await settleOrder(ctx.db, { orderId: order.order_id, payment: late })).outcome).toBe("paid");
    expect((await settleOrder(ctx.db, { orderId: order.order_id, payment: late })).outcome).toBe("already_paid");
    expect(await grantsFor(ctx.db, order.order_id)).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 80n, ledgerSum: 80n });
  });

  it("retry settles a payment we missed and then refuses with order_already_paid; another account gets 404", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const stranger = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 15 } });
    expect((await errorOf(retryOrder(deps(), { accountId: stranger.accountId, userId: stranger.ownerId, orderId: order.order_id }))).code).toBe("not_found");
    await payInEmulator(cf, order.order_id, "success");
    const error = await errorOf(retryOrder(deps(), { accountId, userId: ownerId, orderId: order.order_id }));
    expect(error.code).toBe("order_already_paid");
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 15n });
  });

  it("a paid plan sets the plan for one IST month, grants its credits, and a second month extends it", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const first = await insertOrder(ctx.db, { accountId, plan: "pro" });
    const second = await insertOrder(ctx.db, { accountId, plan: "pro" });
    const paidAt = new Date("2026-11-23T06:00:00Z");
    const pay = (id: string, cfPaymentId: string, now: Date) =>
      settleOrder(ctx.db, { orderId: id, payment: { cfPaymentId, status: "SUCCESS", amount: 4999, currency: "INR" }, now });

    // Pretend "now" is the payment time for the expiry maths (plan expiry is computed from the settlement time).
    expect((await pay(first.id, "p1", paidAt)).outcome).toBe("paid");
    let [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account).toMatchObject({ plan: "pro", planExpiresAt: addOneMonthIst(paidAt) });
    const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, first.id));
    expect((invoice!.snapshot as { lineItems: { description: string }[] }).lineItems[0]!.description).toBe(
      "Pro plan — 1 month (23 Nov 2026 to 22 Dec 2026)",
    );

    expect((await pay(second.id, "p2", new Date("2026-11-24T06:00:00Z"))).outcome).toBe("paid");
    [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.planExpiresAt).toEqual(addOneMonthIst(addOneMonthIst(paidAt)));
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 12000n });
  });

  it("numbers invoices per financial year: the series restarts at 1 on 1 April 00:00 IST", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const before = await insertOrder(ctx.db, { accountId, credits: 1n });
    const after = await insertOrder(ctx.db, { accountId, credits: 1n });
    const payment = { status: "SUCCESS" as const, amount: 1, currency: "INR" };
    const last = await settleOrder(ctx.db, { orderId: before.id, payment: { ...payment, cfPaymentId: "fy1" }, now: new Date("2027-03-31T18:29:59.999Z") });
    const first = await settleOrder(ctx.db, { orderId: after.id, payment: { ...payment, cfPaymentId: "fy2" }, now: new Date("2027-03-31T18:30:00.000Z") });
    expect(last.invoiceNumber).toMatch(/^KH-2627-\d{6}$/);
    expect(first.invoiceNumber).toBe("KH-2728-000001");
    const [counter] = await ctx.db.select().from(invoiceCounters).where(eq(invoiceCounters.financialYear, "2728"));
    expect(counter!.lastNumber).toBe(1);
  });

  it("an invoice is an immutable snapshot: a later profile change alters neither the JSON nor the PDF", async () => {
    const { accountId } = await payingAccount(ctx.db);
    const stranger = await payingAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 5000n });
    const settled = await settleOrder(ctx.db, {
      orderId: order.id,
      payment: { cfPaymentId: "snap", status: "SUCCESS", amount: 5000, currency: "INR" },
    });
    const number = settled.invoiceNumber!;
    const original = await getInvoice(ctx.db, { accountId, invoiceNumber: number });
    expect(original.snapshot.recipient.legalName).toBe("Test Customer Private Limited");
    expect(original.snapshot.lineItems[0]!.description).toBe("API access services — prepaid usage credits (5,000 credits)");
    expect(original).toMatchObject({ total: 5000, total_paise: 500000n, order_id: order.id });

    await ctx.db
      .update(billingProfiles)
      .set({ legalName: "Renamed Later Ltd", stateCode: "27" })
      .where(eq(billingProfiles.accountId, accountId));
    const later = await getInvoice(ctx.db, { accountId, invoiceNumber: number });
    expect(later.snapshot).toEqual(original.snapshot);

    const pdf = await getInvoicePdf(ctx.db, { accountId, invoiceNumber: number });
    expect(pdf.filename).toBe(`${number}.pdf`);
    expect(pdf.notModified === false && pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");

    expect((await errorOf(getInvoice(ctx.db, { accountId: stranger.accountId, invoiceNumber: number }))).code).toBe("not_found");
    expect((await errorOf(getInvoicePdf(ctx.db, { accountId: stranger.accountId, invoiceNumber: number }))).code).toBe("not_found");
    const listed = await listInvoices(ctx.db, accountId, { limit: 10, offset: 0 });
    expect(listed.invoices.map((i) => i.invoice_number)).toEqual([number]);
    expect((await listInvoices(ctx.db, stranger.accountId, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it("settles a paid order without a billing profile anyway, flagged for an operator (no number consumed)", async () => {
    const { accountId } = await createAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 3n });
    const result = await settleOrder(ctx.db, { orderId: order.id, payment: { cfPaymentId: "np", status: "SUCCESS", amount: 3, currency: "INR" } });
    expect(result.outcome).toBe("paid");
    expect(result.invoiceNumber).toBeNull();
    expect(result.order).toMatchObject({ status: "PAID", flaggedForReview: true });
    expect(result.order!.reviewReason).toContain("invoice_not_issued");
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 3n });
  });
});

describeWithDatabase("payment history", (ctx) => {
  let accountId: string;
  let otherAccountId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ accountId } = await payingAccount(ctx.db));
    ({ accountId: otherAccountId } = await payingAccount(ctx.db));
    const t = (iso: string) => new Date(iso);
    const make = async (name: string, input: Parameters<typeof insertOrder>[1]) => {
      ids[name] = (await insertOrder(ctx.db, input)).id;
    };
    await make("paid10", { accountId, credits: 10n, createdAt: t("2026-11-01T05:00:00Z") });
    await make("paid50", { accountId, credits: 50n, createdAt: t("2026-11-02T05:00:00Z") });
    await make("paid100", { accountId, credits: 100n, createdAt: t("2026-11-03T05:00:00Z") });
    await make("proPlan", { accountId, plan: "pro", createdAt: t("2026-11-04T05:00:00Z") });
    await make("failed80", { accountId, credits: 80n, status: "FAILED", createdAt: t("2026-11-05T05:00:00Z") });
    await make("dropped", { accountId, credits: 20n, status: "USER_DROPPED", createdAt: t("2026-11-06T05:00:00Z") });
    await make("expiredActive", { accountId, credits: 30n, expiresAt: t("2026-11-07T06:00:00Z"), createdAt: t("2026-11-07T05:00:00Z") });
    await make("pending", { accountId, credits: 60n, createdAt: t("2026-11-08T05:00:00Z") });
    await make("elsewhere", { accountId: otherAccountId, credits: 10n, createdAt: t("2026-11-09T05:00:00Z") });
    // Paid on IST days: 10 Nov 00:10 IST (= 9 Nov 18:40Z), 10 Nov 23:50 IST, 11 Nov 00:00 IST, and 20 Nov.
    const settle = (name: string, now: string, amount: number) =>
      settleOrder(ctx.db, { orderId: ids[name]!, payment: { cfPaymentId: `pay-${name}`, status: "SUCCESS", amount, currency: "INR" }, now: t(now) });
    await settle("paid10", "2026-11-09T18:40:00Z", 10);
    await settle("paid50", "2026-11-10T18:20:00Z", 50);
    await settle("paid100", "2026-11-10T18:30:00Z", 100);
    await settle("proPlan", "2026-11-20T06:00:00Z", 4999);
    await settle("elsewhere", "2026-11-10T06:00:00Z", 10);
  });

  const query = (q: Record<string, string>) => listHistory(ctx.db, accountId, historyQuerySchema.parse(q));
  const names = async (q: Record<string, string>) => {
    const result = await query(q);
    if (!("payments" in result)) throw new Error("expected payments");
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return result.payments.map((p) => byId[p.order_id]);
  };

  it("lists the account's orders, newest first, with the documented fields", async () => {
    const result = await query({});
    if (!("payments" in result)) throw new Error("expected payments");
    expect(result).toMatchObject({ total: 8, limit: 10, offset: 0 });
    expect(await names({})).toEqual(["pending", "expiredActive", "dropped", "failed80", "proPlan", "paid100", "paid50", "paid10"]);
    const paid = result.payments.find((p) => p.order_id === ids.paid100)!;
    expect(paid).toMatchObject({ type: "credit_topup", plan: null, credits: 100n, amount: 100, amount_paise: 10000n, currency: "INR", status: "paid", flagged_for_review: false });
    expect(paid.invoice_number).toMatch(/^KH-2627-/);
    expect(paid.paid_at).toEqual(new Date("2026-11-10T18:30:00Z"));
  });

  it("filters by status (including expired-but-active and a comma list), type and amount", async () => {
    expect(await names({ status: "paid" })).toEqual(["proPlan", "paid100", "paid50", "paid10"]);
    expect(await names({ status: "pending" })).toEqual(["pending"]);
    expect(await names({ status: "expired" })).toEqual(["expiredActive"]);
    expect(await names({ status: "failed,user_dropped" })).toEqual(["dropped", "failed80"]);
    expect(await names({ type: "plan_upgrade" })).toEqual(["proPlan"]);
    expect(await names({ amount: "<50", status: "paid" })).toEqual(["paid10"]);
    expect(await names({ amount: "<=50", status: "paid" })).toEqual(["paid50", "paid10"]);
    expect(await names({ amount: "≤50", status: "paid" })).toEqual(["paid50", "paid10"]);
    expect(await names({ amount: ">=80" })).toEqual(["failed80", "proPlan", "paid100"]);
    expect(await names({ amount: "≥80" })).toEqual(["failed80", "proPlan", "paid100"]);
    expect(await names({ amount: ">100" })).toEqual(["proPlan"]);
    expect(await names({ amount: "=100" })).toEqual(["paid100"]);
    expect(await names({ amount: "4999.00" })).toEqual(["proPlan"]);
  });

  it("filters paid dates as inclusive IST days", async () => {
    expect(await names({ paid_from: "2026-11-10", paid_upto: "2026-11-10" })).toEqual(["paid50", "paid10"]);
    expect(await names({ paid_from: "2026-11-11" })).toEqual(["proPlan", "paid100"]);
    expect(await names({ paid_upto: "2026-11-09" })).toEqual([]);
  });

  it("sorts, pages and counts", async () => {
    expect(await names({ sort: "amount", order: "asc", limit: "3" })).toEqual(["paid10", "dropped", "expiredActive"]);
    expect(await names({ sort: "paid_at", order: "desc", limit: "2" })).toEqual(["proPlan", "paid100"]);
    expect(await names({ sort: "paid_at", order: "asc", limit: "4" })).toEqual(["paid10", "paid50", "paid100", "proPlan"]);
    expect(await names({ limit: "2", offset: "6" })).toEqual(["paid50", "paid10"]);
    expect(await query({ count_only: "1", status: "paid" })).toEqual({ count: 4 });
    expect(await query({ count_only: "1" })).toEqual({ count: 8 });
    expect(await listHistory(ctx.db, otherAccountId, historyQuerySchema.parse({ count_only: "1" }))).toEqual({ count: 1 });
  });

  const bad: [Record<string, string>, string][] = [
    [{ limit: "0" }, "limit"],
    [{ limit: "101" }, "limit"],
    [{ limit: "ten" }, "limit"],
    [{ offset: "-1" }, "offset"],
    [{ status: "refunded" }, "status"],
    [{ type: "gift" }, "type"],
    [{ amount: "<<5" }, "amount"],
    [{ amount: "abc" }, "amount"],
    [{ amount: "<5.123" }, "amount"],
    [{ paid_from: "2026-13-01" }, "paid_from"],
    [{ paid_upto: "23-11-2026" }, "paid_upto"],
    [{ paid_from: "2026-11-20", paid_upto: "2026-11-01" }, "paid_upto"],
    [{ sort: "id" }, "sort"],
    [{ order: "up" }, "order"],
    [{ count_only: "yes" }, "count_only"],
    [{ colour: "red" }, "colour"],
  ];
  it.each(bad)("rejects %o with a 400 naming %s", (q, param) => {
    const parsed = historyQuerySchema.safeParse(q);
    expect(parsed.success).toBe(false);
    const error = zodToAppError(parsed.error!, "query");
    expect(httpStatusOf(error.code)).toBe(400);
    expect(error.message).toContain(param);
  });
});
