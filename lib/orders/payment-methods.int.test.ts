import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { invoices, orders } from "@/lib/db/schema";
import { invoicePaidByLine, invoiceViewSchema } from "@/lib/gst/compute-invoice";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { createOrder } from "./create-order";
import { handleWebhook } from "./handle-webhook";
import { historyQuerySchema } from "./history-query";
import { listHistory } from "./list-history";
import { settlePendingWebhookEvents } from "./settle-webhook-events";
import { verifyOrder } from "./verify-order";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

async function historyRow(db: Db, accountId: string, orderId: string) {
  const history = await listHistory(db, accountId, historyQuerySchema.parse({}));
  if (!("payments" in history)) throw new Error("expected the payments page");
  return history.payments.find((p) => p.order_id === orderId);
}

async function invoiceOf(db: Db, orderId: string) {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.orderId, orderId));
  return invoiceViewSchema.parse(invoice!.snapshot);
}

describeWithDatabase("payment methods: stored from Cashfree, shown in history and on the invoice", (ctx) => {
  const deps = () => ({ db: ctx.db, cashfree: cf.client });

  async function topUp(credits: number) {
    const account = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, account.accountId);
    const order = await createOrder(deps(), { accountId: account.accountId, userId: account.ownerId, request: { type: "credit_topup", credits } });
    return { ...account, orderId: order.order_id };
  }

  it("a UPI payment settled by verify (Get Payments): stored, in the history JSON, on the invoice", async () => {
    const { accountId, orderId } = await topUp(500);
    const paid = await payInEmulator(cf, orderId, "success", undefined, "upi");

    const view = await verifyOrder(deps(), { accountId, orderId });
    expect(view.status).toBe("paid");
    expect(view.payment_method).toEqual({
      group: "upi",
      description: "UPI (testsuccess@gocash)",
      details: { upi: { channel: "collect", upi_id: "testsuccess@gocash" } },
      cf_payment_id: paid.payment.cf_payment_id,
    });
    const [row] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
    expect(row).toMatchObject({ paymentGroup: "upi", paymentMethod: { upi: { channel: "collect", upi_id: "testsuccess@gocash" } } });

    expect((await historyRow(ctx.db, accountId, orderId))?.payment_method?.description).toBe("UPI (testsuccess@gocash)");

    const invoice = await invoiceOf(ctx.db, orderId);
    expect(invoice.payment).toEqual({ method: "UPI (testsuccess@gocash)", cfPaymentId: paid.payment.cf_payment_id });
    expect(invoicePaidByLine(invoice.payment!)).toBe(`Paid by UPI (testsuccess@gocash), Cashfree payment id ${paid.payment.cf_payment_id}`);
  });

  it("card payments settled by one webhook batch (the plain top-ups statement): masked card stored, shown, invoiced", async () => {
    const first = await topUp(700);
    const second = await topUp(800);
    const paid = [];
    for (const { orderId } of [first, second]) {
      const result = await payInEmulator(cf, orderId, "success", undefined, "card");
      const rawBody = result.webhook!.raw_body;
      expect(rawBody).toContain('"card_number":"XXXXXXXXXXXX1111"');
      expect(rawBody).toContain('"par":"V0010014623022637739353641436"');
      await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret) });
      paid.push({ orderId, cfPaymentId: result.payment.cf_payment_id });
    }
    // Both events in one batch: two plain top-ups go through settlePlainTopUps' single statement.
    expect(await settlePendingWebhookEvents({ db: ctx.db, batchSize: 10, now: () => new Date(Date.now() + 60_000) })).toMatchObject({ failed: 0 });

    const rows = await ctx.db.select().from(orders).where(inArray(orders.id, paid.map((p) => p.orderId)));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "PAID", paymentGroup: "credit_card" });
      expect(row.paymentMethod).toEqual({
        card: {
          channel: "link",
          card_number: "XXXXXXXXXXXX1111",
          card_network: "visa",
          card_type: "credit_card",
          card_sub_type: "R",
          card_country: "IN",
          card_bank_name: "TEST Bank",
        },
      });
    }

    expect((await historyRow(ctx.db, first.accountId, first.orderId))?.payment_method).toMatchObject({
      group: "credit_card",
      description: "Visa credit card •••• 1111",
    });
    for (const { orderId, cfPaymentId } of paid) {
      expect((await invoiceOf(ctx.db, orderId)).payment).toEqual({ method: "Visa credit card •••• 1111", cfPaymentId });
    }
  });
});
