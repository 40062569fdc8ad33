/**
 * Refund endings the happy path does not show: a completed refund that cannot get a credit note is put in front
 * of an operator (order flagged, once), and Cashfree's FAILED gives the hold back once.
 */
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import type { Db } from "@/lib/db";
import { billingProfiles, creditNotes, ledgerEntries, orders, refunds } from "@/lib/db/schema";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { createCashfreeRefundTask, issueRefundCreditNoteTask, pollRefundTask } from "@/lib/jobs/tasks/refund-jobs";
import { createOrder } from "@/lib/orders/create-order";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { insertLostDispute } from "@/lib/testing/invoices";
import { payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { deliverAndSettle, settleWebhookJobs } from "@/lib/testing/run-jobs";
import { createOperatorRefund } from "./create-operator-refund";
import { issueRefundCreditNote } from "./issue-refund-credit-note";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

/**
 * A paid top-up through the emulator. `invoiced: false`: the billing profile is gone by the time the payment
 * settles, so the order is paid without an invoice (and flagged), as settlement does then.
 */
async function paidTopUp(ctx: DatabaseContext, credits: number, opts: { invoiced: boolean }) {
  const { accountId, ownerId } = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, accountId);
  const order = await createOrder({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { type: "credit_topup", credits } });
  if (!opts.invoiced) await ctx.db.delete(billingProfiles).where(eq(billingProfiles.accountId, accountId));
  const paid = await payInEmulator(cf, order.order_id, "success");
  expect((await deliverAndSettle(ctx, { secret: cf.secret, rawBody: paid.webhook!.raw_body })).settled).toBe("paid");
  return { accountId, orderId: order.order_id };
}

async function runRefundJobs(ctx: DatabaseContext) {
  const deps = { db: ctx.db, cashfree: cf.client };
  await runJobsOnceWith(ctx.url, {
    "create-cashfree-refund": createCashfreeRefundTask(deps),
    "poll-refund": pollRefundTask(deps),
    "issue-refund-credit-note": issueRefundCreditNoteTask(deps),
  });
}

/** Settles the refund in the emulator (control API) without delivering; returns its webhook's exact bytes. */
async function settleInEmulator(refundId: string, status: string): Promise<{ status: number; rawBody: string | null; refundStatus: string | null }> {
  const response = await fetch(`${cf.emulator.url}/__control/refunds/${refundId}/settle`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status, deliver: false }),
  });
  const json = (await response.json()) as { refund?: { refund_status: string }; webhook?: { raw_body: string } | null };
  return { status: response.status, rawBody: json.webhook?.raw_body ?? null, refundStatus: json.refund?.refund_status ?? null };
}

const deliver = (ctx: DatabaseContext, rawBody: string, idempotencyKey: string) =>
  handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers: signedHeaders(rawBody, cf.secret, { idempotencyKey }) });
const holdsOf = (db: Db, refundId: string) => db.select().from(ledgerEntries).where(like(ledgerEntries.causeKey, `refund:${refundId}%`));
const orderRow = async (db: Db, orderId: string) => (await db.select().from(orders).where(eq(orders.id, orderId)))[0]!;

describeWithDatabase("refund outcomes", (ctx) => {
  it("a refund completed on an order without an invoice flags the order once (the job rerun adds nothing)", async () => {
    const { accountId, orderId } = await paidTopUp(ctx, 100, { invoiced: false });
    const before = (await orderRow(ctx.db, orderId)).reviewReason!;
    expect(before).toContain("invoice_not_issued");
    const refund = await createOperatorRefund(ctx.db, { orderId, credits: 40n, reason: "goodwill", operatorUserId: null });
    await runRefundJobs(ctx);
    await deliver(ctx, (await settleInEmulator(refund.id, "SUCCESS")).rawBody!, "no-invoice-1");
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_succeeded"]);
    await runRefundJobs(ctx);
    expect(await issueRefundCreditNote(ctx.db, refund.id, new Date())).toEqual({ outcome: "no_invoice" }); // a rerun
    expect(await orderRow(ctx.db, orderId)).toMatchObject({
      flaggedForReview: true,
      reviewReason: `${before}; refund ${refund.id} completed without a credit note: the order has no invoice`,
    });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refund.id))).toHaveLength(0);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 60n, ledgerSum: 60n });
  });

  it("a refund whose invoice other notes already took (a lost dispute's) flags the order with what is left", async () => {
    const { accountId, orderId } = await paidTopUp(ctx, 100, { invoiced: true });
    expect((await orderRow(ctx.db, orderId)).flaggedForReview).toBe(false);
    const disputeId = await insertLostDispute(ctx.db, { accountId, orderId, amountPaise: 10_000n });
    const disputeNote = await ctx.db.transaction((tx) => issueCreditNote(tx, { accountId, orderId, disputeId, amountPaise: 10_000n, reason: "Chargeback lost", issuedAt: new Date() }));
    expect(disputeNote.outcome).toBe("issued");
    const refund = await createOperatorRefund(ctx.db, { orderId, credits: 30n, reason: "goodwill", operatorUserId: null });
    await runRefundJobs(ctx);
    await deliver(ctx, (await settleInEmulator(refund.id, "SUCCESS")).rawBody!, "exceeds-1");
    await settleWebhookJobs(ctx);
    await runRefundJobs(ctx);
    expect(await refundRowStatus(ctx.db, refund.id)).toBe("succeeded");
    expect(await orderRow(ctx.db, orderId)).toMatchObject({
      flaggedForReview: true,
      reviewReason: `refund ${refund.id} completed without a credit note: its ₹30.00 exceeds what the invoice has left (₹0.00)`,
    });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refund.id))).toHaveLength(0);
  });

  it("ONHOLD keeps the refund pending and the hold in place; FAILED then gives the hold back once, whatever the duplicates", async () => {
    const { accountId, orderId } = await paidTopUp(ctx, 100, { invoiced: true });
    const refund = await createOperatorRefund(ctx.db, { orderId, credits: 40n, reason: "goodwill", operatorUserId: null });
    await runRefundJobs(ctx);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 60n, ledgerSum: 60n });

    const onHold = await settleInEmulator(refund.id, "ONHOLD");
    expect(onHold).toMatchObject({ status: 200, refundStatus: "ONHOLD" });
    await deliver(ctx, onHold.rawBody!, "hold-1");
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_still_pending"]);
    expect(await refundRowStatus(ctx.db, refund.id)).toBe("pending");
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 60n, ledgerSum: 60n });

    const failed = await settleInEmulator(refund.id, "FAILED");
    expect(failed).toMatchObject({ status: 200, refundStatus: "FAILED" });
    await Promise.all([deliver(ctx, failed.rawBody!, "fail-1"), deliver(ctx, failed.rawBody!, "fail-2")]);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_failed"]);
    // The ONHOLD report again (out of order) and FAILED resent as other bytes (a new inbox event) change nothing.
    await deliver(ctx, onHold.rawBody!, "hold-2");
    await deliver(ctx, failed.rawBody!.replace('"refund_status":"FAILED"', '"refund_status":"FAILED" '), "fail-3");
    await settleWebhookJobs(ctx);
    const [row] = await ctx.db.select().from(refunds).where(eq(refunds.id, refund.id));
    expect(row).toMatchObject({ status: "failed", cfRefundStatus: "FAILED", failureReason: "Refund failed at the bank" });
    expect((await holdsOf(ctx.db, refund.id)).map((e) => [e.kind, e.amountCredits]).sort()).toEqual([
      ["refund", -40n],
      ["refund_release", 40n],
    ]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });
    expect(await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refund.id))).toHaveLength(0);
  });
});

async function refundRowStatus(db: Db, refundId: string) {
  return (await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refundId)))[0]?.status;
}
