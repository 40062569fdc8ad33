import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildCreateOrderRequest } from "@/lib/cashfree";
import { creditNotes, disputes, ledgerEntries } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { acceptDispute } from "./accept-dispute";
import { contestDispute } from "./contest-dispute";
import { listAccountDisputes, listDisputesForOperator } from "./list-disputes";

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
});
afterAll(async () => {
  await cf?.close();
});

type Webhook = { raw_body: string; idempotency_key: string };

async function deliver(ctx: DatabaseContext, webhook: Webhook) {
  await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: webhook.raw_body, headers: signedHeaders(webhook.raw_body, cf.secret, { idempotencyKey: webhook.idempotency_key }) });
  return [...(await settleWebhookJobs(ctx)).values()].at(-1);
}

async function control<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${cf.emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A ₹500 / 500-credit top-up paid in the emulator and settled; then a ₹200 chargeback raised there and delivered. */
async function disputedOrder(ctx: DatabaseContext) {
  const account = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, account.accountId);
  const order = await insertOrder(ctx.db, { accountId: account.accountId, credits: 500n });
  const request = buildCreateOrderRequest({
    orderId: order.id,
    amountPaise: order.amountPaise,
    customer: { id: account.accountId, phone: "+919876543210" },
    returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
    notifyUrl: "http://127.0.0.1:1/never-called",
  });
  await cf.client.createOrder(request, { idempotencyKey: order.id });
  const paid = await payInEmulator(cf, order.id, "success");
  expect(await deliver(ctx, paid.webhook!)).toBeTruthy();
  const raised = await control<{ dispute: { dispute_id: number }; webhook: Webhook }>(`/orders/${order.id}/disputes`, { amount: 200, deliver: false });
  expect(await deliver(ctx, raised.webhook)).toBe("dispute_held");
  const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, String(raised.dispute.dispute_id)));
  return { accountId: account.accountId, order, dispute: row! };
}

const entries = (ctx: DatabaseContext, disputeId: string) =>
  ctx.db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amountCredits }).from(ledgerEntries).where(like(ledgerEntries.causeKey, `dispute:${disputeId}%`));

describeWithDatabase("disputes: operators accept or contest through Cashfree", (ctx) => {
  it("contest sends the statement and documents to Cashfree, records who and when; won later releases the hold", async () => {
    const { accountId, dispute } = await disputedOrder(ctx);
    const operator = await createUser(ctx.db, { isOperator: true });
    const now = new Date("2026-12-03T08:00:00Z");
    const view = await contestDispute(
      { db: ctx.db, cashfree: cf.client, now: () => now },
      {
        disputeId: dispute.id,
        userId: operator.id,
        contest: {
          text: "The customer consumed 180 of these credits through the API.",
          documents: [{ file_name: "usage.txt", content_type: "text/plain", content_base64: Buffer.from("usage log").toString("base64"), doc_type: "DeliveryProof" }],
        },
      },
    );
    expect(view).toMatchObject({ response: "contested", responded_by_user_id: operator.id, responded_at: now, status: "CHARGEBACK_DOCS_RECEIVED", resolution: "open", can_respond: false });
    expect(view.evidence).toMatchObject({ documents: [{ file_name: "usage.txt", doc_type: "DeliveryProof", size_bytes: 9 }] });
    expect(cf.emulator.state.findDispute(dispute.cfDisputeId)!.dispute.evidence).toMatchObject([{ documentName: "usage.txt", documentType: "DeliveryProof", note: expect.stringContaining("180") }]);

    await expect(acceptDispute({ db: ctx.db, cashfree: cf.client }, { disputeId: dispute.id, userId: operator.id })).rejects.toMatchObject({ code: "conflict" });

    const closed = await control<{ webhook: Webhook }>(`/disputes/${dispute.cfDisputeId}/close`, { outcome: "won", deliver: false });
    expect(await deliver(ctx, closed.webhook)).toBe("released");
    expect((await entries(ctx, dispute.id)).map((e) => e.kind)).toEqual(["dispute_hold", "dispute_release"]);
    const inv = await ledgerInvariant(ctx.db, accountId);
    expect([inv.balance, inv.ledgerSum]).toEqual([500n, 500n]);
  });

  it("a statement alone is sent as a text document", async () => {
    const { dispute } = await disputedOrder(ctx);
    const operator = await createUser(ctx.db, { isOperator: true });
    await contestDispute({ db: ctx.db, cashfree: cf.client }, { disputeId: dispute.id, userId: operator.id, contest: { text: "Service delivered in full.", documents: [] } });
    expect(cf.emulator.state.findDispute(dispute.cfDisputeId)!.dispute.evidence).toMatchObject([{ documentName: "statement.txt", documentType: "Explanation" }]);
  });

  it("accept closes it at once: hold kept for good; Cashfree's DISPUTE_CLOSED then changes nothing; a second accept is a 409", async () => {
    const { accountId, order, dispute } = await disputedOrder(ctx);
    const operator = await createUser(ctx.db, { isOperator: true });
    const view = await acceptDispute({ db: ctx.db, cashfree: cf.client }, { disputeId: dispute.id, userId: operator.id });
    expect(view).toMatchObject({ response: "accepted", resolution: "lost", status: "CHARGEBACK_MERCHANT_ACCEPTED", responded_by_user_id: operator.id });
    const closedEvent = cf.emulator.state.findDispute(dispute.cfDisputeId)!.dispute.eventIds.map((id) => cf.emulator.state.events.get(id)!).at(-1)!;
    expect(closedEvent.type).toBe("DISPUTE_CLOSED");
    expect(await deliver(ctx, { raw_body: closedEvent.rawBody, idempotency_key: closedEvent.idempotencyKey })).toBe("dispute_already_closed");
    expect((await entries(ctx, dispute.id)).map((e) => [e.kind, e.amount])).toEqual([["dispute_hold", -200n]]);
    expect((await ctx.db.select().from(creditNotes).where(eq(creditNotes.disputeId, dispute.id))).map((n) => n.totalPaise)).toEqual([20_000n]);
    const second = await acceptDispute({ db: ctx.db, cashfree: cf.client }, { disputeId: dispute.id, userId: operator.id }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: "conflict" });
    const inv = await ledgerInvariant(ctx.db, accountId);
    expect([inv.balance, inv.ledgerSum]).toEqual([300n, 300n]);

    expect((await listAccountDisputes(ctx.db, accountId, { orderId: order.id })).map((d) => d.dispute_id)).toEqual([dispute.id]);
    const other = await createAccount(ctx.db);
    expect(await listAccountDisputes(ctx.db, other.accountId)).toEqual([]);
    const all = await listDisputesForOperator(ctx.db, { open: "0", limit: 100, offset: 0 });
    expect(all.disputes.some((d) => d.dispute_id === dispute.id)).toBe(true);
    const open = await listDisputesForOperator(ctx.db, { open: "1", limit: 100, offset: 0 });
    expect(open.disputes.some((d) => d.dispute_id === dispute.id)).toBe(false);
  });
});
