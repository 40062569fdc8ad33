import { eq, inArray, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rowsOf } from "@/lib/db/rows";
import { invoices, orders } from "@/lib/db/schema";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { insertOrder, paymentWebhookBody, signedHeaders } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { handleWebhook } from "./handle-webhook";

const SECRET = "time-of-supply-secret";

async function lastNumber(ctx: DatabaseContext, fy: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select coalesce(max(last_number), 0)::int as n from invoice_counters where financial_year = ${fy}`));
  return Number(row?.n ?? 0);
}

/** Records the webhooks (as Cashfree would deliver them), then settles them in one batch at `now`. */
async function deliverThenSettle(ctx: DatabaseContext, bodies: string[], now: Date) {
  for (const rawBody of bodies) {
    const answer = await handleWebhook({ db: ctx.db, secret: SECRET }, { rawBody, headers: signedHeaders(rawBody, SECRET) });
    expect(answer.outcome).toBe("queued");
  }
  return settleWebhookJobs(ctx, { now: () => now });
}

describeWithDatabase("time of supply: the invoice is dated when Cashfree received the payment", (ctx) => {
  it("a payment at 23:59 IST on 31 March settled after midnight takes the old financial year's next number", async () => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const late = await insertOrder(ctx.db, { accountId, credits: 500n });
    const fresh = await insertOrder(ctx.db, { accountId, credits: 700n });
    const before2627 = await lastNumber(ctx, "2627");
    const before2728 = await lastNumber(ctx, "2728");

    // Both webhooks are processed at 00:05 IST on 1 April 2027, in one batch.
    const settledAt = new Date("2027-03-31T18:35:00Z");
    await deliverThenSettle(
      ctx,
      [
        paymentWebhookBody({ orderId: late.id, orderAmount: 500, cfPaymentId: "7001", status: "SUCCESS", paymentTime: "2027-03-31T23:59:00+05:30" }),
        paymentWebhookBody({ orderId: fresh.id, orderAmount: 700, cfPaymentId: "7002", status: "SUCCESS", paymentTime: "2027-04-01T00:01:00+05:30" }),
      ],
      settledAt,
    );

    const rows = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, [late.id, fresh.id]));
    const byOrder = new Map(rows.map((r) => [r.orderId, r]));
    const old = byOrder.get(late.id)!;
    const next = byOrder.get(fresh.id)!;
    expect(old).toMatchObject({ financialYear: "2627", sequenceNumber: before2627 + 1, issuedAt: new Date("2027-03-31T18:29:00Z") });
    expect(old.invoiceNumber).toBe(`KH-2627-${String(before2627 + 1).padStart(6, "0")}`);
    expect((old.snapshot as { issuedAtIst: string }).issuedAtIst).toBe("31 Mar 2027");
    expect(next).toMatchObject({ financialYear: "2728", sequenceNumber: before2728 + 1, issuedAt: new Date("2027-03-31T18:31:00Z") });
    expect((next.snapshot as { issuedAtIst: string }).issuedAtIst).toBe("01 Apr 2027");
    // Gap-free: each year's counter moved by exactly its invoices.
    expect(await lastNumber(ctx, "2627")).toBe(before2627 + 1);
    expect(await lastNumber(ctx, "2728")).toBe(before2728 + 1);
    // paid_at is the time of supply too.
    const [paid] = await ctx.db.select({ paidAt: orders.paidAt }).from(orders).where(eq(orders.id, late.id));
    expect(paid!.paidAt).toEqual(new Date("2027-03-31T18:29:00Z"));
  });

  it("numbers stay consecutive in settlement order when a late old-year invoice comes after newer ones", async () => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const a = await insertOrder(ctx.db, { accountId, credits: 100n });
    const b = await insertOrder(ctx.db, { accountId, credits: 200n });
    const before = await lastNumber(ctx, "2627");
    // b (paid 22:00) is settled first; a (paid 21:00, its webhook delayed) an hour later, still on 31 March.
    await deliverThenSettle(
      ctx,
      [paymentWebhookBody({ orderId: b.id, orderAmount: 200, cfPaymentId: "7102", status: "SUCCESS", paymentTime: "2027-03-31T22:00:00+05:30" })],
      new Date("2027-03-31T16:31:00Z"),
    );
    await deliverThenSettle(
      ctx,
      [paymentWebhookBody({ orderId: a.id, orderAmount: 100, cfPaymentId: "7101", status: "SUCCESS", paymentTime: "2027-03-31T21:00:00+05:30" })],
      new Date("2027-03-31T18:40:00Z"),
    );
    const rows = await ctx.db.select().from(invoices).where(inArray(invoices.orderId, [a.id, b.id]));
    const seq = Object.fromEntries(rows.map((r) => [r.orderId, r.sequenceNumber]));
    expect(seq).toEqual({ [b.id]: before + 1, [a.id]: before + 2 });
    expect(rows.find((r) => r.orderId === a.id)!.issuedAt).toEqual(new Date("2027-03-31T15:30:00Z"));
  });

  it("a payment time in the future (clock skew) or missing dates the invoice at settlement", async () => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const skewed = await insertOrder(ctx.db, { accountId, credits: 300n });
    const settledAt = new Date("2027-01-10T06:00:00Z");
    await deliverThenSettle(
      ctx,
      [paymentWebhookBody({ orderId: skewed.id, orderAmount: 300, cfPaymentId: "7201", status: "SUCCESS", paymentTime: "2027-01-10T12:00:00+05:30" })],
      settledAt,
    );
    const [row] = await ctx.db.select().from(invoices).where(eq(invoices.orderId, skewed.id));
    expect(row!.issuedAt).toEqual(settledAt);
  });
});
