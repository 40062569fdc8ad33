/**
 * Flagged orders' actions through the real routes: settle only when Cashfree (the emulator) says PAID, exactly
 * once (sequential, concurrent, and against the late webhook), and dismiss with who/when recorded.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { buildCreateOrderRequest } from "@/lib/cashfree";
import { invoices, ledgerEntries, orderReviewDecisions, orders } from "@/lib/db/schema";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { createAccount, createBillingProfile, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { setCashfreeClientForTests } from "./cashfree-client";
import { flagOrderForReview } from "./flag-order-for-review";
import { handleWebhook } from "./handle-webhook";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => session.db,
}));

const { POST: settleRoute } = await import("@/app/api/v1/admin/orders/[order_id]/settle/route");
const { POST: dismissRoute } = await import("@/app/api/v1/admin/orders/[order_id]/dismiss/route");

const ORIGIN = "http://localhost:3000";
type Handler = (r: Request, c?: never) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(handler: Handler, orderId: string, action: string, body: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const request = new Request(`${ORIGIN}/api/v1/admin/orders/${orderId}/${action}`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve({ order_id: orderId }) } as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const settle = (orderId: string, reason = "Checked with Cashfree: paid, webhook lost") => post(settleRoute, orderId, "settle", { reason });
const dismiss = (orderId: string, reason = "Customer confirmed nothing is owed") => post(dismissRoute, orderId, "dismiss", { reason });

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

describeWithDatabase("flagged orders: settle after checking Cashfree, dismiss", (ctx) => {
  let operatorId: string;
  beforeAll(async () => {
    session.db = ctx.db;
    operatorId = (await createUser(ctx.db, { isOperator: true })).id;
    session.userId = operatorId;
  });

  /** A flagged, still-open order that exists in the emulator (Cashfree) too. */
  async function flaggedOrder(c: DatabaseContext) {
    const { accountId } = await createAccount(c.db);
    await createBillingProfile(c.db, accountId);
    const order = await insertOrder(c.db, { accountId, credits: 300n });
    await cf.client.createOrder(
      buildCreateOrderRequest({
        orderId: order.id,
        amountPaise: order.amountPaise,
        customer: { id: accountId, phone: "+919876543210" },
        returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
        notifyUrl: "http://127.0.0.1:1/never-called",
      }),
      { idempotencyKey: order.id },
    );
    await c.db.transaction((tx) => flagOrderForReview(tx, { accountId, orderId: order.id }, "customer says they paid; no webhook", new Date()));
    return { accountId, order };
  }
  const grants = async (orderId: string) => ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, `order:${orderId}`));
  const orderRow = async (id: string) => (await ctx.db.select().from(orders).where(eq(orders.id, id)))[0]!;
  const decisions = async (id: string) => ctx.db.select().from(orderReviewDecisions).where(eq(orderReviewDecisions.orderId, id));

  it("refuses to settle while Cashfree has no payment: nothing credited, still flagged", async () => {
    const { accountId, order } = await flaggedOrder(ctx);
    const r = await settle(order.id);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ success: false, error: { code: "cashfree_not_paid", details: { cashfree_order_status: "ACTIVE" } } });
    expect(await grants(order.id)).toHaveLength(0);
    expect(await orderRow(order.id)).toMatchObject({ status: "ACTIVE", flaggedForReview: true });
    expect(await decisions(order.id)).toHaveLength(0);
    expect((await ledgerInvariant(ctx.db, accountId)).balance).toBe(0n);
    // A failed payment is not PAID either.
    await payInEmulator(cf, order.id, "failed");
    expect((await settle(order.id)).body.error.code).toBe("cashfree_not_paid");
    expect(await grants(order.id)).toHaveLength(0);
  });

  it("settles once when Cashfree says PAID: one ledger entry, one invoice, who/when recorded, flag cleared; again → 409", async () => {
    const { accountId, order } = await flaggedOrder(ctx);
    const paid = await payInEmulator(cf, order.id, "success");
    const r = await settle(order.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ order_id: order.id, decision: "settled", decided_by_user_id: operatorId, cf_payment_id: String(paid.payment.cf_payment_id) });
    expect(r.body.invoice_number).toMatch(/^KH-\d{4}-\d{6}$/);
    expect(await grants(order.id)).toEqual([expect.objectContaining({ amountCredits: 300n, kind: "topup" })]);
    expect(await orderRow(order.id)).toMatchObject({ status: "PAID", flaggedForReview: false });
    expect(await decisions(order.id)).toEqual([expect.objectContaining({ decision: "settled", decidedByUserId: operatorId, reason: "Checked with Cashfree: paid, webhook lost", reviewReason: "customer says they paid; no webhook" })]);

    const again = await settle(order.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("order_already_paid");
    // The webhook that finally arrives changes nothing either.
    await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: paid.webhook!.raw_body, headers: signedHeaders(paid.webhook!.raw_body, cf.secret, { idempotencyKey: paid.webhook!.idempotency_key }) });
    await settleWebhookJobs(ctx);
    expect(await grants(order.id)).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.orderId, order.id))).toHaveLength(1);
    expect(await decisions(order.id)).toHaveLength(1);
    const invariant = await ledgerInvariant(ctx.db, accountId);
    expect(invariant).toMatchObject({ balance: 300n, ledgerSum: 300n });
  });

  it("two operators settling at once: one 200, one 409, one ledger entry", async () => {
    const { accountId, order } = await flaggedOrder(ctx);
    await payInEmulator(cf, order.id, "success");
    const results = await Promise.all([settle(order.id, "first operator"), settle(order.id, "second operator")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await grants(order.id)).toHaveLength(1);
    expect(await decisions(order.id)).toHaveLength(1);
    expect((await ledgerInvariant(ctx.db, accountId)).balance).toBe(300n);
  });

  it("a Cashfree payment of another amount is not settled (refund it): 409 payment_amount_mismatch", async () => {
    const { order } = await flaggedOrder(ctx);
    await payInEmulator(cf, order.id, "success", 299);
    const r = await settle(order.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("payment_amount_mismatch");
    expect(await grants(order.id)).toHaveLength(0);
    expect(await orderRow(order.id)).toMatchObject({ flaggedForReview: true });
  });

  it("dismiss records who, when and why, clears the flag, moves no money; a second dismiss → 409", async () => {
    const { accountId, order } = await flaggedOrder(ctx);
    const before = await ledgerInvariant(ctx.db, accountId);
    const r = await dismiss(order.id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ order_id: order.id, account_id: accountId, decision: "dismissed", reason: "Customer confirmed nothing is owed", decided_by_user_id: operatorId });
    expect(Date.now() - Date.parse(r.body.decided_at)).toBeLessThan(60_000);
    const [row] = await ctx.db.select().from(orderReviewDecisions).where(and(eq(orderReviewDecisions.orderId, order.id), eq(orderReviewDecisions.decision, "dismissed")));
    expect(row).toMatchObject({ decidedByUserId: operatorId, reviewReason: "customer says they paid; no webhook" });
    expect(row!.decidedAt.toISOString()).toBe(r.body.decided_at);
    expect(await orderRow(order.id)).toMatchObject({ flaggedForReview: false, status: "ACTIVE" });
    expect(await ledgerInvariant(ctx.db, accountId)).toEqual(before);
    const again = await dismiss(order.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("order_not_flagged");
  });

  it("bad input → 400, unknown order → 404, non-operator → 403; nothing changes", async () => {
    const { order } = await flaggedOrder(ctx);
    expect((await post(dismissRoute, order.id, "dismiss", { reason: "" })).status).toBe(400);
    expect((await post(settleRoute, order.id, "settle", { reason: "ok ok", extra: 1 })).status).toBe(400);
    expect((await dismiss("cm_ffffffffffffffff")).status).toBe(404);
    expect((await settle("cm_ffffffffffffffff")).status).toBe(404);
    const { ownerId } = await createAccount(ctx.db);
    session.userId = ownerId;
    try {
      expect((await dismiss(order.id)).status).toBe(403);
      expect((await settle(order.id)).status).toBe(403);
    } finally {
      session.userId = operatorId;
    }
    expect(await orderRow(order.id)).toMatchObject({ flaggedForReview: true });
    expect(await decisions(order.id)).toHaveLength(0);
  });
});
