/**
 * Refunds and disputes of a paid pay-in: Cashfree knows the payment under the link's own order (`CFPay_…`), stored at
 * settlement as cf_paying_order_id and used (cashfreeOrderIdOf) for Create / Get Refund and to find the order a
 * dispute webhook names. End to end through the emulator and the jobs.
 */
import { randomBytes } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { creditNotes, disputes, ledgerEntries, orders, refunds } from "@/lib/db/schema";
import { runJobsOnceWith } from "@/lib/jobs/start-worker";
import { createCashfreeRefundTask, issueRefundCreditNoteTask, pollRefundTask } from "@/lib/jobs/tasks/refund-jobs";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { approveRefund } from "@/lib/refunds/approve-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";
import { createPayIn } from "./create-pay-in";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

const JANE = { name: "Jane Smith", email: "jane@example.com", phone: "9876543210" };

async function control(path: string, body: unknown): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${cf.emulator.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function deliver(ctx: DatabaseContext, rawBody: string) {
  const headers = signedHeaders(rawBody, cf.secret, { idempotencyKey: randomBytes(8).toString("hex") });
  return handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody, headers });
}

async function runRefundJobs(ctx: DatabaseContext) {
  const deps = { db: ctx.db, cashfree: cf.client };
  await runJobsOnceWith(ctx.url, {
    "create-cashfree-refund": createCashfreeRefundTask(deps),
    "poll-refund": pollRefundTask(deps),
    "issue-refund-credit-note": issueRefundCreditNoteTask(deps),
  });
}

async function invariants(ctx: DatabaseContext) {
  const sql = sqlClient(ctx.url, 2);
  try {
    return (await checkInvariants(sql)).violations;
  } finally {
    await sql.end();
  }
}

/** A pay-in of `amount` credits paid through its link; `via` picks which webhook settles it first. */
async function paidPayIn(ctx: DatabaseContext, amount: number, via: "payment" | "link" = "payment") {
  const { accountId, ownerId } = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, accountId);
  const created = await createPayIn({ db: ctx.db, cashfree: cf.client }, { accountId, userId: ownerId, request: { amount, payer: JANE } });
  const paid = await control(`/__control/links/${created.payment_id}/pay`, { outcome: "success", deliver: false });
  const cfPayOrderId = paid.order.order_id as string;
  expect(cfPayOrderId).toMatch(/^CFPay_/);
  await deliver(ctx, via === "payment" ? paid.webhook.raw_body : paid.link_webhook.raw_body);
  expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["paid"]);
  return { accountId, ownerId, orderId: created.payment_id, cfPayOrderId };
}

describeWithDatabase("pay-ins: refunds and disputes through the paying CFPay order", (ctx) => {
  it("settlement stores the paying order, whichever webhook comes first", async () => {
    for (const via of ["payment", "link"] as const) {
      const { orderId, cfPayOrderId } = await paidPayIn(ctx, 100, via);
      const [order] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
      expect(order).toMatchObject({ status: "PAID", cfPayingOrderId: cfPayOrderId });
    }
  });

  it("a paid pay-in is refunded end to end: Create Refund on the CFPay order, its webhook settles it, a credit note is issued", async () => {
    const { accountId, ownerId, orderId, cfPayOrderId } = await paidPayIn(ctx, 800);
    const refund = await requestRefund(ctx.db, { accountId, orderId, credits: 300n, reason: "unused", requestedByUserId: ownerId });
    expect((await approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null })).outcome).toBe("approved");
    await runRefundJobs(ctx);
    // Cashfree has the refund under the link's order, not under ours.
    expect(cf.emulator.state.orders.get(cfPayOrderId)!.refunds.map((r) => r.refundId)).toEqual([refund.id]);
    const [pending] = await ctx.db.select().from(refunds).where(eq(refunds.id, refund.id));
    expect(pending).toMatchObject({ status: "pending", cfRefundStatus: "PENDING" });

    const settled = await control(`/__control/refunds/${refund.id}/settle`, { status: "SUCCESS", deliver: false });
    await deliver(ctx, settled.webhook.raw_body);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["refund_succeeded"]);
    await runRefundJobs(ctx);
    const [done] = await ctx.db.select().from(refunds).where(eq(refunds.id, refund.id));
    expect(done).toMatchObject({ status: "succeeded", cfRefundStatus: "SUCCESS" });
    const notes = await ctx.db.select().from(creditNotes).where(eq(creditNotes.refundId, refund.id));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.totalPaise).toBe(30_000n);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 500n, ledgerSum: 500n });
    expect(await invariants(ctx)).toEqual([]);
  });

  it("the poll job asks Get Refund about the CFPay order too", async () => {
    const { accountId, ownerId, orderId } = await paidPayIn(ctx, 200);
    const refund = await requestRefund(ctx.db, { accountId, orderId, credits: 200n, reason: "unused", requestedByUserId: ownerId });
    await approveRefund(ctx.db, { refundId: refund.id, operatorUserId: null });
    await runRefundJobs(ctx);
    await control(`/__control/refunds/${refund.id}/settle`, { status: "SUCCESS", deliver: false });
    const { pollRefund } = await import("@/lib/refunds/send-cashfree-refund");
    expect(await pollRefund({ db: ctx.db, cashfree: cf.client }, refund.id, 0)).toBe("refund_succeeded");
  });

  it("a dispute webhook naming a pay-in's CFPay order holds its credits on the pay-in", async () => {
    const { accountId, orderId, cfPayOrderId } = await paidPayIn(ctx, 600);
    const raised = await control(`/__control/orders/${cfPayOrderId}/disputes`, { amount: 600, deliver: false });
    expect(JSON.parse(raised.webhook.raw_body).data.order_details.order_id).toBe(cfPayOrderId);
    await deliver(ctx, raised.webhook.raw_body);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["dispute_held"]);
    const [dispute] = await ctx.db.select().from(disputes).where(eq(disputes.orderId, orderId));
    expect(dispute).toMatchObject({ accountId, orderId, heldCredits: 600n });
    const holds = await ctx.db.select().from(ledgerEntries).where(like(ledgerEntries.causeKey, `dispute:${dispute!.id}%`));
    expect(holds.map((h) => h.amountCredits)).toEqual([-600n]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n });
    expect(await invariants(ctx)).toEqual([]);
  });
});
