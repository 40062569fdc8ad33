import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { invoices, ledgerEntries, orders } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { payInEmulator, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle } from "@/lib/testing/run-jobs";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { sweepActiveOrdersTask } from "@/lib/jobs/tasks/sweep-active-orders";
import { createOrder } from "./create-order";
import { SWEEP_ACTIVE_AFTER_MS, sweepActiveOrders } from "./sweep-active-orders";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function payingAccount(db: Db) {
  const { accountId, ownerId } = await createAccount(db);
  await createBillingProfile(db, accountId);
  return { accountId, ownerId };
}

const minutes = (n: number) => n * 60_000;

describeWithDatabase("sweep-active-orders", (ctx) => {
  const at = (time: Date) => ({ db: ctx.db, cashfree: cf.client, now: () => time });
  const orderRow = async (id: string) => (await ctx.db.select().from(orders).where(eq(orders.id, id)))[0]!;

  it("credits a payment whose webhook never came, once, whatever runs again or arrives late", async () => {
    const began = new Date();
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(at(began), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 700 } });
    const paid = await payInEmulator(cf, order.order_id, "success"); // webhook delivery off

    // Too young: the webhook may still be on its way.
    expect(await sweepActiveOrders(at(new Date(began.getTime() + minutes(5))))).toMatchObject({ checked: 0 });
    expect((await orderRow(order.order_id)).status).toBe("ACTIVE");

    const later = new Date(began.getTime() + SWEEP_ACTIVE_AFTER_MS + minutes(1));
    expect(await sweepActiveOrders(at(later))).toEqual({ checked: 1, paid: 1, expired: 0, open: 0, errors: 0 });
    expect(await sweepActiveOrders(at(new Date(later.getTime() + minutes(2))))).toMatchObject({ checked: 0 });

    const late = await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body });
    expect(late.settled).toBe("already_paid");

    // paid_at (and the invoice date) is when Cashfree received the payment, not when the sweeper found it.
    const receivedAt = new Date(paid.payment.payment_completion_time ?? paid.payment.payment_time!);
    expect(receivedAt.getTime()).toBeLessThan(later.getTime());
    expect(await orderRow(order.order_id)).toMatchObject({ status: "PAID", cfPaymentId: paid.payment.cf_payment_id, paidAt: receivedAt });
    const grants = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.order_id));
    expect(grants.map((g) => g.amountCredits)).toEqual([700n]);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.order_id))).toHaveLength(1);
    const invariant = await ledgerInvariant(ctx.db, accountId);
    expect(invariant).toEqual({ balance: 700n, ledgerSum: 700n, minBalanceAfter: 700n });
  });

  it("marks an unpaid order past its expiry EXPIRED and leaves an unpaid young-enough one open", async () => {
    const began = new Date();
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const stale = await createOrder(at(began), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } });
    await payInEmulator(cf, stale.order_id, "failed");
    const { expiresAt } = await orderRow(stale.order_id);
    expect(expiresAt).toBeInstanceOf(Date);

    // Past the sweep delay, before the expiry: Cashfree's failure is recorded, the order stays payable.
    const beforeExpiry = new Date(began.getTime() + SWEEP_ACTIVE_AFTER_MS + minutes(1));
    expect(beforeExpiry.getTime()).toBeLessThan(expiresAt!.getTime());
    expect(await sweepActiveOrders(at(beforeExpiry))).toEqual({ checked: 1, paid: 0, expired: 0, open: 1, errors: 0 });
    expect((await orderRow(stale.order_id)).status).toBe("FAILED");

    const afterExpiry = new Date(expiresAt!.getTime() + minutes(1));
    const young = await createOrder(at(afterExpiry), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } });
    expect(await sweepActiveOrders(at(afterExpiry))).toEqual({ checked: 1, paid: 0, expired: 1, open: 0, errors: 0 });
    expect(await orderRow(stale.order_id)).toMatchObject({ status: "EXPIRED", updatedAt: afterExpiry });
    expect((await orderRow(young.order_id)).status).toBe("ACTIVE");
    expect(await ledgerInvariant(ctx.db, accountId)).toEqual({ balance: 0n, ledgerSum: 0n, minBalanceAfter: null });
  });

  it("goes through every page, and throws (so the job retries) only when Cashfree failed for all", async () => {
    const began = new Date();
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await createOrder(at(began), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 + i } })).order_id);
    }
    for (const id of ids) await payInEmulator(cf, id, "success");
    const now = new Date(began.getTime() + minutes(11));
    expect(await sweepActiveOrders(at(now), { batchSize: 2 })).toMatchObject({ checked: 3, paid: 3 });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 303n, ledgerSum: 303n });

    const orphan = await createOrder(at(began), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 100 } });
    await fetch(`${cf.emulator.url}/__control/reset`, { method: "POST" }); // Cashfree no longer knows it
    await expect(sweepActiveOrders(at(now))).rejects.toThrow(/Cashfree failed for all 1 orders/);
    expect((await orderRow(orphan.order_id)).status).toBe("ACTIVE");
  });

  it("runs as the sweep-active-orders job", async () => {
    const began = new Date();
    const { accountId, ownerId } = await payingAccount(ctx.db);
    const order = await createOrder(at(began), { accountId, userId: ownerId, request: { type: "credit_topup", credits: 42 } });
    await payInEmulator(cf, order.order_id, "success");
    await enqueueJob(ctx.db, "sweep-active-orders", {});
    const now = new Date(began.getTime() + SWEEP_ACTIVE_AFTER_MS + minutes(1));
    await runJobsOnceWith(ctx.url, { "sweep-active-orders": sweepActiveOrdersTask({ db: ctx.db, cashfree: cf.client, now: () => now }) });
    expect((await orderRow(order.order_id)).status).toBe("PAID");
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 42n, ledgerSum: 42n });
  });
});
