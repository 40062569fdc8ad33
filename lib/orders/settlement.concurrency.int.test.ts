import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { invoices, ledgerEntries, orders, webhookEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { createOrder } from "./create-order";
import { handleWebhook } from "./handle-webhook";
import { retryOrder } from "./retry-order";
import { settleOrder } from "./settle-order";
import { expireInEmulator, insertOrder, payInEmulator, paymentWebhookBody, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { verifyOrder } from "./verify-order";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function payingAccount(db: Db) {
  const account = await createAccount(db);
  await createBillingProfile(db, account.accountId);
  return account;
}

describeWithDatabase("settlement under concurrency", (ctx) => {
  const deps = () => ({ db: ctx.db, cashfree: cf.client });

  it("50 concurrent copies of one signed success webhook → every answer 2xx, 1 ledger grant, 1 invoice", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 5000 } });
    const paid = await payInEmulator(cf, order.order_id, "success");
    const rawBody = paid.webhook!.raw_body;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret, { idempotencyKey: paid.webhook!.idempotency_key }) }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const answers = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof handleWebhook>>>).value);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(answers.find((a) => !a.duplicate)?.outcome).toBe("queued");
    expect(answers.filter((a) => a.duplicate).every((a) => a.outcome === "duplicate")).toBe(true);
    // One event recorded, one settlement job for it.
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["paid"]);

    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.order_id))).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.order_id))).toHaveLength(1);
    expect(await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.orderId, order.order_id))).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 5000n, ledgerSum: 5000n });
  });

  it("webhooks and verify calls racing on one order → exactly one grant; FAILED after SUCCESS leaves it PAID", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "plan_upgrade", plan: "starter" } });
    const paid = await payInEmulator(cf, order.order_id, "success");
    const rawBody = paid.webhook!.raw_body;
    const racers = [
      ...Array.from({ length: 10 }, () => handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret) })),
      ...Array.from({ length: 10 }, () => verifyOrder(deps(), { accountId, orderId: order.order_id })),
      ...Array.from({ length: 5 }, () =>
        settleOrder(ctx.db, { orderId: order.order_id, payment: { cfPaymentId: paid.payment.cf_payment_id, status: "SUCCESS", amount: 999, currency: "INR" } }),
      ),
    ];
    const results = await Promise.allSettled([...racers, settleWebhookJobs(ctx)]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    await settleWebhookJobs(ctx);

    const grants = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.order_id));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ kind: "plan", amountCredits: 1000n });
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.order_id))).toHaveLength(1);

    const failed = paymentWebhookBody({ orderId: order.order_id, orderAmount: 999, cfPaymentId: "late-failure", status: "FAILED" });
    const dropped = paymentWebhookBody({ orderId: order.order_id, orderAmount: 999, cfPaymentId: "late-drop", status: "USER_DROPPED" });
    await Promise.all(
      [failed, dropped].map((body) => handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: body, headers: signedHeaders(body, cf.secret) })),
    );
    expect([...(await settleWebhookJobs(ctx)).values()].sort()).toEqual(["already_paid", "already_paid"]);
    const [row] = await ctx.db.select().from(orders).where(eq(orders.id, order.order_id));
    expect(row).toMatchObject({ status: "PAID", cfPaymentId: paid.payment.cf_payment_id });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 1000n, ledgerSum: 1000n });
  });

  it("100 orders settled concurrently → invoice numbers 1..100 with no gap or duplicate", async () => {
    const accounts = await Promise.all(Array.from({ length: 10 }, () => payingAccount(ctx.db)));
    const created = [];
    for (let i = 0; i < 100; i++) created.push(await insertOrder(ctx.db, { accountId: accounts[i % 10]!.accountId, credits: BigInt(1 + i) }));
    // A financial year no other test touches, so the series starts at 1 here.
    const now = new Date("2029-06-01T06:00:00Z");
    const results = await Promise.all(
      created.map((o) =>
        settleOrder(ctx.db, { orderId: o.id, payment: { cfPaymentId: `bulk-${o.id}`, status: "SUCCESS", amount: Number(o.credits), currency: "INR" }, now }),
      ),
    );
    expect(results.every((r) => r.outcome === "paid")).toBe(true);
    const issued = await ctx.db
      .select({ seq: invoices.sequenceNumber, number: invoices.invoiceNumber, fy: invoices.financialYear })
      .from(invoices)
      .where(inArray(invoices.orderId, created.map((o) => o.id)));
    expect(issued).toHaveLength(100);
    expect(new Set(issued.map((i) => i.fy))).toEqual(new Set(["2930"]));
    expect(issued.map((i) => i.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(issued.map((i) => i.number)).size).toBe(100);
    expect(issued.map((i) => i.number)).toContain("KH-2930-000100");
  });

  it("concurrent retries of one expired order create exactly one replacement", async () => {
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(deps(), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 75 } });
    await expireInEmulator(cf, order.order_id);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => retryOrder(deps(), { accountId, userId: ownerId, orderId: order.order_id })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((r as PromiseRejectedResult).reason as AppError).code).toBe("order_not_retryable");
    }
    const replacements = await ctx.db.select().from(orders).where(eq(orders.replacesOrderId, order.order_id));
    expect(replacements).toHaveLength(1);
  });
});
