import { randomBytes } from "node:crypto";
import { and, eq, isNull, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { creditNotes, disputes, ledgerEntries, orders, webhookEvents } from "@/lib/db/schema";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { settleWebhookEvent } from "@/lib/orders/settle-webhook-events";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, paymentWebhookBody, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { insertSucceededRefund } from "@/lib/testing/invoices";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

type DisputeType = "DISPUTE_CREATED" | "DISPUTE_UPDATED" | "DISPUTE_CLOSED";

let tick = 0;
/**
 * A version 2025-01-01 dispute webhook body as on Cashfree's dispute webhooks page. Each body has its own
 * updated_at (a new event for the inbox, which dedupes identical redeliveries itself), so settlement sees repeats.
 */
function disputeBody(input: { type: DisputeType; orderId: string; cfDisputeId: string; status: string; amountRupees: number; disputeType?: string }) {
  const updatedAt = new Date(Date.UTC(2026, 11, 1, 5, 0, tick++)).toISOString().replace(".000Z", "+00:00");
  return JSON.stringify({
    data: {
      dispute: {
        dispute_id: input.cfDisputeId,
        dispute_type: input.disputeType ?? "CHARGEBACK",
        reason_code: "4855",
        reason_description: "Goods or Services Not Provided",
        dispute_amount: input.amountRupees,
        created_at: "2026-12-01T10:00:00+05:30",
        updated_at: updatedAt,
        respond_by: "2026-12-08T23:59:59+05:30",
        dispute_status: input.status,
        cf_dispute_remarks: "Dispute is created, please take action",
        dispute_amount_currency: "INR",
      },
      order_details: { order_id: input.orderId, order_amount: 500, order_currency: "INR", cf_payment_id: 885473311, payment_amount: 500, payment_currency: "INR" },
      customer_details: { customer_name: "C", customer_phone: "9876543210", customer_email: null },
    },
    event_time: "2026-12-01T10:00:05+05:30",
    type: input.type,
  });
}

/** Delivers (each with its own idempotency key: Cashfree resends are new deliveries) and settles; returns the outcomes. */
async function deliver(ctx: DatabaseContext, bodies: string[]): Promise<(string | null)[]> {
  for (const body of bodies) {
    await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: body, headers: signedHeaders(body, cf.secret, { idempotencyKey: randomBytes(8).toString("hex") }) });
  }
  return [...(await settleWebhookJobs(ctx)).values()];
}

/** A paid 500-credit top-up (₹500), settled through its webhook: credits granted and an invoice issued. */
async function paidOrder(ctx: DatabaseContext, opts: { spend?: bigint } = {}) {
  const account = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, account.accountId);
  const order = await insertOrder(ctx.db, { accountId: account.accountId, credits: 500n });
  const body = paymentWebhookBody({ orderId: order.id, orderAmount: 500, cfPaymentId: `pay-${order.id}`, status: "SUCCESS" });
  await deliver(ctx, [body]);
  if (opts.spend) {
    await ctx.db.transaction((tx) => consumeCredits(tx, { accountId: account.accountId, amountCredits: opts.spend!, idempotencyKey: `use-${order.id}` }));
  }
  return { accountId: account.accountId, order };
}

const cfId = () => String(400_000_000 + Math.floor(Math.random() * 99_999_999));
const body = (order: { id: string }, cfDisputeId: string, type: DisputeType, status: string, amountRupees = 200) =>
  disputeBody({ type, orderId: order.id, cfDisputeId, status, amountRupees });

async function disputeEntries(db: Db, disputeId: string) {
  return db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amountCredits }).from(ledgerEntries).where(like(ledgerEntries.causeKey, `dispute:${disputeId}%`));
}

async function expectLedgerSound(db: Db, accountId: string) {
  const inv = await ledgerInvariant(db, accountId);
  expect(inv.ledgerSum).toBe(inv.balance);
  expect(inv.minBalanceAfter === null || inv.minBalanceAfter >= 0n).toBe(true);
  return inv.balance;
}

describeWithDatabase("disputes: holds, releases and credit notes from dispute webhooks", (ctx) => {
  it("created → the disputed amount's credits are held; won → released once, whatever the duplicates", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    expect(await deliver(ctx, [body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED")])).toEqual(["dispute_held"]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(row).toMatchObject({ accountId, orderId: order.id, heldCredits: 200n, unheldCredits: 0n, resolution: "open", cfStatus: "CHARGEBACK_CREATED", amountPaise: 20_000n });
    expect(row!.respondBy?.toISOString()).toBe("2026-12-08T18:29:59.000Z");
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(300n);

    const outcomes = await deliver(ctx, [
      body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED"),
      body(order, id, "DISPUTE_UPDATED", "CHARGEBACK_DOCS_RECEIVED"),
      body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_WON"),
      body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_WON"),
      body(order, id, "DISPUTE_UPDATED", "CHARGEBACK_UNDER_REVIEW"),
    ]);
    expect(outcomes).toEqual(["dispute_updated", "dispute_updated", "released", "dispute_already_closed", "dispute_already_closed"]);
    expect((await disputeEntries(ctx.db, row!.id)).map((e) => [e.kind, e.amount])).toEqual([
      ["dispute_hold", -200n],
      ["dispute_release", 200n],
    ]);
    const [closed] = await ctx.db.select().from(disputes).where(eq(disputes.id, row!.id));
    expect(closed).toMatchObject({ resolution: "won", cfStatus: "CHARGEBACK_MERCHANT_WON" });
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(500n);
  });

  it("lost → the hold stays for good, once, and the credit note is asked for once", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    const outcomes = await deliver(ctx, [
      body(order, id, "DISPUTE_CREATED", "DISPUTE_CREATED"),
      body(order, id, "DISPUTE_CLOSED", "DISPUTE_MERCHANT_LOST"),
      body(order, id, "DISPUTE_CLOSED", "DISPUTE_MERCHANT_LOST"),
    ]);
    expect(outcomes).toEqual(["dispute_held", "lost_credit_note_issued", "dispute_already_closed"]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(row).toMatchObject({ resolution: "lost", heldCredits: 200n });
    expect((await disputeEntries(ctx.db, row!.id)).map((e) => e.kind)).toEqual(["dispute_hold"]);
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, row!.id));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ accountId, totalPaise: 20_000n });
    expect(notes[0]!.creditNoteNumber.length).toBeLessThanOrEqual(16);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(300n);
  });

  it("CLOSED before CREATED: lost first holds and keeps; the late CREATED changes nothing", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    const outcomes = await deliver(ctx, [
      body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_ACCEPTED"),
      body(order, id, "DISPUTE_UPDATED", "CHARGEBACK_DOCS_RECEIVED"),
      body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED"),
    ]);
    expect(outcomes).toEqual(["lost_credit_note_issued", "dispute_already_closed", "dispute_already_closed"]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(row).toMatchObject({ resolution: "lost", heldCredits: 200n, cfStatus: "CHARGEBACK_MERCHANT_ACCEPTED" });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, row!.id))).toHaveLength(1);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(300n);
  });

  it("won before created: nothing is held, nothing released; the late CREATED holds nothing", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    const outcomes = await deliver(ctx, [body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_WON"), body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED")]);
    expect(outcomes).toEqual(["won", "dispute_already_closed"]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(await disputeEntries(ctx.db, row!.id)).toEqual([]);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(500n);
  });

  it("a dispute bigger than the balance holds what is there, records the rest as unheld and flags the order", async () => {
    const { accountId, order } = await paidOrder(ctx, { spend: 400n });
    const id = cfId();
    expect(await deliver(ctx, [body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED", 300)])).toEqual(["dispute_held"]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(row).toMatchObject({ heldCredits: 100n, unheldCredits: 200n });
    const [flagged] = await ctx.db.select().from(orders).where(and(eq(orders.id, order.id), eq(orders.accountId, accountId)));
    expect(flagged?.flaggedForReview).toBe(true);
    expect(flagged?.reviewReason).toContain(`dispute ${id}: 200 credits could not be held`);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(0n);

    // Won: only what was held comes back.
    expect(await deliver(ctx, [body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_WON", 300)])).toEqual(["released"]);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(100n);
  });

  it("a new stage after a won dispute (pre-arbitration) flags the order and holds nothing again", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    await deliver(ctx, [body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED"), body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_WON")]);
    const reopened = disputeBody({ type: "DISPUTE_UPDATED", orderId: order.id, cfDisputeId: id, status: "PRE_ARBITRATION_CREATED", amountRupees: 200, disputeType: "PRE_ARBITRATION" });
    expect(await deliver(ctx, [reopened])).toEqual(["dispute_reopened_flagged"]);
    const [flagged] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(flagged?.reviewReason).toContain("reopened as PRE_ARBITRATION");
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(500n);
  });

  it("an identical redelivery is one event: recorded once, settled once", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const created = body(order, cfId(), "DISPUTE_CREATED", "CHARGEBACK_CREATED");
    expect(await deliver(ctx, [created, created, created])).toEqual(["dispute_held"]);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(300n);
  });

  it("lost on an order without an invoice keeps the hold and flags the order for the credit note", async () => {
    const account = await createAccount(ctx.db, { balanceCredits: 500n });
    const order = await insertOrder(ctx.db, { accountId: account.accountId, credits: 500n, status: "PAID", paidAt: new Date() });
    const id = cfId();
    expect(await deliver(ctx, [body(order, id, "DISPUTE_CLOSED", "DISPUTE_MERCHANT_LOST")])).toEqual(["lost_no_invoice"]);
    const [flagged] = await ctx.db.select().from(orders).where(eq(orders.id, order.id));
    expect(flagged).toMatchObject({ flaggedForReview: true, reviewReason: expect.stringContaining("credit note not issued") });
    expect(await expectLedgerSound(ctx.db, account.accountId)).toBe(300n);
  });

  it("lost after refunds credited the invoice: partly → a note for what is left, wholly → none; the order is flagged once either way", async () => {
    const creditByRefund = async (accountId: string, orderId: string, amountPaise: bigint) => {
      const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId, amountPaise });
      const note = await ctx.db.transaction((tx) => issueCreditNote(tx, { accountId, orderId, refundId, amountPaise, reason: "Refund", issuedAt: new Date() }));
      expect(note.outcome).toBe("issued");
    };
    const reasonOf = async (orderId: string) => (await ctx.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;

    const partly = await paidOrder(ctx);
    await creditByRefund(partly.accountId, partly.order.id, 40_000n); // ₹400 of ₹500 already credited
    const partId = cfId();
    expect(await deliver(ctx, [body(partly.order, partId, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST")])).toEqual(["lost_credit_note_issued"]);
    const [partRow] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, partId));
    expect((await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, partRow!.id))).map((n) => n.totalPaise)).toEqual([10_000n]);
    expect(await reasonOf(partly.order.id)).toMatchObject({
      flaggedForReview: true,
      reviewReason: `dispute ${partId} lost: credit note for ₹100.00 only, what the invoice has left, of the ₹200.00 charged back`,
    });

    const wholly = await paidOrder(ctx);
    await creditByRefund(wholly.accountId, wholly.order.id, 50_000n);
    const wholeId = cfId();
    const closed = body(wholly.order, wholeId, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST");
    expect(await deliver(ctx, [closed, body(wholly.order, wholeId, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST")])).toEqual(["lost_invoice_fully_credited", "dispute_already_closed"]);
    const [wholeRow] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, wholeId));
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, wholeRow!.id))).toHaveLength(0);
    expect(await reasonOf(wholly.order.id)).toMatchObject({
      flaggedForReview: true,
      reviewReason: `dispute ${wholeId} lost: the invoice is already fully credited (refunds): no credit note for the ₹200.00 charged back`,
    });
    await expectLedgerSound(ctx.db, wholly.accountId);
  });

  it("a storm of created/updated/closed(lost) events settled concurrently by separate jobs: one hold, one credit note", async () => {
    const { accountId, order } = await paidOrder(ctx);
    const id = cfId();
    const storm = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? body(order, id, "DISPUTE_CREATED", "CHARGEBACK_CREATED") : i % 3 === 1 ? body(order, id, "DISPUTE_UPDATED", "CHARGEBACK_UNDER_REVIEW") : body(order, id, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST"),
    );
    for (const raw of storm.reverse()) {
      await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: raw, headers: signedHeaders(raw, cf.secret) });
    }
    const events = await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(eq(webhookEvents.orderId, order.id), like(webhookEvents.eventType, "DISPUTE_%")));
    expect(events).toHaveLength(12);
    const settled = await Promise.all(events.map((e) => settleWebhookEvent({ db: ctx.db, batchSize: 2 }, String(e.id))));
    // null: another job's batch settled that event (its own job found nothing left to do).
    expect(settled.filter((s) => s !== null && !s.ok)).toEqual([]);
    await settleWebhookJobs(ctx); // the queued jobs of these events: nothing left for them
    const unsettled = await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(eq(webhookEvents.orderId, order.id), isNull(webhookEvents.settledAt)));
    expect(unsettled).toEqual([]);
    const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, id));
    expect(row).toMatchObject({ resolution: "lost", heldCredits: 200n });
    expect((await disputeEntries(ctx.db, row!.id)).map((e) => e.kind)).toEqual(["dispute_hold"]);
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, row!.id))).toHaveLength(1);
    expect(await expectLedgerSound(ctx.db, accountId)).toBe(300n);
  });

  it("dispute events never share a settlement transaction (a credit note each): a payment's batch leaves them, each settles alone", async () => {
    const a = await paidOrder(ctx);
    const b = await paidOrder(ctx);
    const [idA, idB] = [cfId(), cfId()];
    const account = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, account.accountId);
    const fresh = await insertOrder(ctx.db, { accountId: account.accountId, credits: 100n });
    const raws = [
      body(a.order, idA, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST"),
      body(b.order, idB, "DISPUTE_CLOSED", "CHARGEBACK_MERCHANT_LOST"),
      paymentWebhookBody({ orderId: fresh.id, orderAmount: 100, cfPaymentId: `pay-${fresh.id}`, status: "SUCCESS" }),
    ];
    for (const raw of raws) await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: raw, headers: signedHeaders(raw, cf.secret) });
    const recorded = await ctx.db.select({ id: webhookEvents.id, type: webhookEvents.eventType }).from(webhookEvents).where(isNull(webhookEvents.settledAt));
    const payment = recorded.find((e) => e.type.startsWith("PAYMENT_"))!;
    const lostA = recorded.find((e) => e.type === "DISPUTE_CLOSED")!;
    // The payment's job, with room for 10: only payments join its batch.
    await settleWebhookEvent({ db: ctx.db, batchSize: 10 }, String(payment.id));
    expect((await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(isNull(webhookEvents.settledAt))).length).toBe(2);
    // A dispute's job settles its own event and no other.
    await settleWebhookEvent({ db: ctx.db, batchSize: 10 }, String(lostA.id));
    expect((await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(isNull(webhookEvents.settledAt))).length).toBe(1);
    await settleWebhookJobs(ctx);
    expect(await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(isNull(webhookEvents.settledAt))).toEqual([]);
    for (const cfDisputeId of [idA, idB]) {
      const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, cfDisputeId));
      expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, row!.id))).toHaveLength(1);
    }
  });

  it("a dispute on an unknown order is recorded and changes nothing", async () => {
    expect(await deliver(ctx, [disputeBody({ type: "DISPUTE_CREATED", orderId: "cm_unknown", cfDisputeId: cfId(), status: "DISPUTE_CREATED", amountRupees: 5 })])).toEqual(["unknown_order"]);
  });
});
