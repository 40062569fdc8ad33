import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { invoices, orders, outboxEvents } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { insertOrder, paymentWebhookBody } from "@/lib/testing/orders";
import { deliverAndSettle, queuedJobs } from "@/lib/testing/run-jobs";
import type { DatabaseContext } from "@/lib/testing/database";

const SECRET = "settlement-events-secret";

/** The fan-out jobs queued for these events: the ids each names (a batch job names its settlement batch's events). */
async function fanOutJobs(db: DatabaseContext["db"], eventIds: string[]): Promise<string[][]> {
  return (await queuedJobs(db))
    .filter((j) => j.task_identifier === "fan-out-webhook-event" || j.task_identifier === "fan-out-webhook-events")
    .map((j) => (j.task_identifier === "fan-out-webhook-events" ? (j.payload.eventIds as string[]) : [j.payload.eventId as string]).filter((id) => eventIds.includes(id)).sort())
    .filter((ids) => ids.length > 0);
}

async function deliver(ctx: DatabaseContext, body: string) {
  return deliverAndSettle(ctx, { secret: SECRET, rawBody: body });
}

describeWithDatabase("settlement writes its customer events with the change", (ctx) => {
  it("a paid top-up writes payment.completed and invoice.created once, however often the webhook comes", async () => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const order = await insertOrder(ctx.db, { accountId, credits: 250n });
    const body = paymentWebhookBody({ orderId: order.id, orderAmount: 250, cfPaymentId: "991", status: "SUCCESS" });
    expect((await deliver(ctx, body)).settled).toBe("paid");
    expect((await deliver(ctx, body)).duplicate).toBe(true);

    const events = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    const byType = Object.fromEntries(events.map((e) => [e.eventType, e]));
    expect(events.map((e) => e.eventType).sort()).toEqual(["invoice.created", "payment.completed"]);
    const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.id));
    expect(byType["invoice.created"]!.payload).toMatchObject({
      event: "invoice.created",
      account_id: accountId,
      order_id: order.id,
      invoice_number: invoice!.invoiceNumber,
      amount: 250,
      currency: "INR",
    });
    expect(byType["payment.completed"]!.payload).toMatchObject({
      id: byType["payment.completed"]!.id,
      event: "payment.completed",
      order_id: order.id,
      amount: 250,
      status: "completed",
      cf_payment_id: "991",
    });
    expect((invoice!.snapshot as { invoiceNumber: string }).invoiceNumber).toBe(invoice!.invoiceNumber);
    // The batch queued one fan-out job for both events, in the settling transaction.
    expect(await fanOutJobs(ctx.db, events.map((e) => e.id))).toEqual([events.map((e) => e.id).sort()]);
  });

  it("without a billing profile the order is paid and flagged, payment.completed is still written, no invoice", async () => {
    const { accountId } = await createAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 10n });
    const body = paymentWebhookBody({ orderId: order.id, orderAmount: 10, cfPaymentId: "992", status: "SUCCESS" });
    expect((await deliver(ctx, body)).settled).toBe("paid");
    const [row] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "PAID", flaggedForReview: true });
    const events = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.map((e) => e.eventType)).toEqual(["payment.completed"]);
    expect(await fanOutJobs(ctx.db, [events[0]!.id])).toEqual([[events[0]!.id]]);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.id))).toHaveLength(0);
  });

  it("a failed payment writes payment.failed once", async () => {
    const { accountId } = await createAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, credits: 10n });
    const body = paymentWebhookBody({ orderId: order.id, orderAmount: 10, cfPaymentId: "993", status: "FAILED" });
    await deliver(ctx, body);
    await deliver(ctx, body);
    const events = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.map((e) => e.eventType)).toEqual(["payment.failed"]);
    expect(events[0]!.payload).toMatchObject({ order_id: order.id, status: "failed", amount: 10 });
  });
});
