/**
 * Pay-ins (issue 15, seed 001's /payments): POST /api/v1/payments creates a credit top-up paid through a Cashfree
 * payment link; GET /api/v1/payments and /payments/:payment_id read payment transactions, for sessions and account
 * keys. Through the real apiRoute wrapper against the emulator, with only the session lookup and the database
 * handle substituted.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Db } from "@/lib/db";
import { accounts, invoices, ledgerEntries, orders, outboxEvents } from "@/lib/db/schema";
import { setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile } from "@/lib/testing/factories";
import { signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";

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

const paymentsRoute = await import("@/app/api/v1/payments/route");
const { GET: paymentRoute } = await import("@/app/api/v1/payments/[payment_id]/route");
const { POST: verifyRoute } = await import("@/app/api/v1/payments/verify/route");
const { POST: webhookRoute } = await import("@/app/api/v1/payments/webhook/route");

const ORIGIN = "http://localhost:3000";
function req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
type Handler = (r: Request, c?: never) => Promise<Response>;
async function call(handler: Handler, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const createPayIn = (body: unknown, headers: Record<string, string> = {}) => call(paymentsRoute.POST, req("POST", "/api/v1/payments", body, headers));
const getPayment = (id: string, headers: Record<string, string> = {}) => call(paymentRoute, req("GET", `/api/v1/payments/${id}`, undefined, headers), { payment_id: id });

const JANE = { name: "Jane Smith", email: "jane@example.com", phone: "+91 98765 43210".replace(/ /g, "") };

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

type LinkPay = {
  order: { order_id: string };
  payment: { cf_payment_id: string };
  webhook: { raw_body: string };
  link_webhook: { raw_body: string } | null;
};
async function payLink(linkId: string, outcome: "success" | "failed" = "success"): Promise<LinkPay> {
  const response = await fetch(`${cf.emulator.url}/__control/links/${linkId}/pay`, {
    method: "POST",
    body: JSON.stringify({ outcome, deliver: false }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as LinkPay;
}
const deliver = (rawBody: string) =>
  webhookRoute(new Request(`${ORIGIN}/api/v1/payments/webhook`, { method: "POST", headers: signedHeaders(rawBody, cf.secret), body: rawBody }));

describeWithDatabase("pay-ins: POST/GET /api/v1/payments", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  async function invariants() {
    const sql = sqlClient(ctx.url, 2);
    try {
      return (await checkInvariants(sql)).violations;
    } finally {
      await sql.end();
    }
  }

  it("every role's session and account keys create a payment link; bad input is a 400; a used reference is duplicate_order_id", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    const admin = await addMember(ctx.db, accountId, "admin");
    session.userId = ownerId;
    const noProfile = await createPayIn({ amount: 500, payer: JANE });
    expect(noProfile).toMatchObject({ status: 400, body: { error: { code: "billing_profile_incomplete" } } });
    await createBillingProfile(ctx.db, accountId);

    for (const bad of [
      {},
      { amount: 0, payer: JANE },
      { amount: 12.5, payer: JANE },
      { amount: 500, payer: { ...JANE, phone: "12345" } },
      { amount: 500, payer: { ...JANE, name: "Jane\u0000" } },
      { amount: 500, payer: JANE, reference: "has space" },
      { amount: 500, payer: JANE, expires_at: "2020-01-01T00:00:00Z" },
      { amount: 500, payer: JANE, extra: 1 },
    ]) {
      const refused = await createPayIn(bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(["invalid_request", "missing_fields"]).toContain(refused.body.error.code);
    }

    const created = await createPayIn({ amount: 500, payer: JANE, reference: "INV-2026-001" }, { "idempotency-key": "pi-1" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      reference: "INV-2026-001",
      amount: 500,
      currency: "INR",
      credits: 500,
      status: "pending",
      payer: { name: "Jane Smith", email: "jane@example.com", phone: "9876543210" },
    });
    const paymentId = created.body.payment_id as string;
    expect(paymentId).toMatch(/^cm_[0-9a-f]{16}$/);
    expect(created.body.link_id).toBe(paymentId);
    expect(created.body.link_url).toMatch(new RegExp(`^${cf.emulator.url}/links/`));
    const expiresInMs = Date.parse(created.body.expires_at) - Date.now();
    expect(expiresInMs).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(expiresInMs).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
    // Cashfree knows the link under our id, for our payer, notifying our webhook.
    const link = await cf.client.getLink(paymentId);
    expect(link).toMatchObject({ link_status: "ACTIVE", link_amount: 500, link_url: created.body.link_url, customer_details: { customer_name: "Jane Smith" } });

    const replay = await createPayIn({ amount: 500, payer: JANE, reference: "INV-2026-001" }, { "idempotency-key": "pi-1" });
    expect(replay).toMatchObject({ status: 201, body: created.body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const duplicate = await createPayIn({ amount: 900, payer: JANE, reference: "INV-2026-001" });
    expect(duplicate).toMatchObject({ status: 409, body: { success: false, error: { code: "duplicate_order_id", details: { reference: "INV-2026-001", payment_id: paymentId } } } });
    // Concurrent twins: the unique index lets exactly one through.
    const twins = await Promise.all([1, 2, 3].map(() => createPayIn({ amount: 100, payer: JANE, reference: "TWIN-1" })));
    expect(twins.map((t) => t.status).sort()).toEqual([201, 409, 409]);

    // Seed 001: API users (members) submit pay-ins too.
    session.userId = member.id;
    expect(await createPayIn({ amount: 5, payer: JANE })).toMatchObject({ status: 201, body: { amount: 5 } });
    session.userId = admin.id;
    expect((await createPayIn({ amount: 5, payer: JANE, reference: "by-admin" })).status).toBe(201);
    session.userId = null;
    const { key } = await createApiKey(ctx.db, { accountId, name: "payins", createdByUserId: ownerId });
    const byKey = await createPayIn({ amount: 7, payer: { name: "Acme Finance", phone: "9123456789" } }, { "x-api-key": key });
    expect(byKey).toMatchObject({ status: 201, body: { amount: 7, reference: null, payer: { name: "Acme Finance", email: null } } });

    // Another account may reuse the same reference.
    const other = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, other.accountId);
    session.userId = other.ownerId;
    expect((await createPayIn({ amount: 500, payer: JANE, reference: "INV-2026-001" })).status).toBe(201);
    expect(await invariants()).toEqual([]);
  });

  it("lists payment transactions with the history filters and returns one; another account's or a malformed id is a 404", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const created = await createPayIn({ amount: 250, payer: JANE, reference: "LIST-1" });
    const paymentId = created.body.payment_id as string;
    const { key } = await createApiKey(ctx.db, { accountId, name: "reader", createdByUserId: ownerId });

    for (const headers of [{}, { "x-api-key": key }] as Record<string, string>[]) {
      if ("x-api-key" in headers) session.userId = null;
      const list = await call(paymentsRoute.GET, req("GET", "/api/v1/payments?status=pending&amount=%3E%3D250", undefined, headers));
      expect(list).toMatchObject({ status: 200, body: { total: 1 } });
      expect(list.body.payments[0]).toMatchObject({ order_id: paymentId, status: "pending", amount: 250, pay_in: { reference: "LIST-1", link_url: created.body.link_url, payer: { name: "Jane Smith" } } });
      expect((await call(paymentsRoute.GET, req("GET", "/api/v1/payments?status=paid", undefined, headers))).body.total).toBe(0);
      expect((await call(paymentsRoute.GET, req("GET", "/api/v1/payments?nonsense=1", undefined, headers))).status).toBe(400);
      const one = await getPayment(paymentId, headers);
      expect(one).toMatchObject({ status: 200, body: { order_id: paymentId, pay_in: { link_id: paymentId, reference: "LIST-1" }, offline_payment: null } });
      for (const bad of ["cm_0000000000000000", "nope", "\u0000", "a".repeat(5000), "op_" + "0".repeat(24)]) {
        expect((await getPayment(bad, headers)).status, bad.slice(0, 20)).toBe(404);
      }
    }

    const other = await createAccount(ctx.db);
    const otherKey = (await createApiKey(ctx.db, { accountId: other.accountId, name: "other", createdByUserId: other.ownerId })).key;
    session.userId = other.ownerId;
    expect(await getPayment(paymentId)).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    session.userId = null;
    expect((await getPayment(paymentId, { "x-api-key": otherKey })).status).toBe(404);
    expect((await call(paymentsRoute.GET, req("GET", "/api/v1/payments", undefined, { "x-api-key": otherKey }))).body.total).toBe(0);
  });

  it("a link paid with two webhooks each delivered twice, and verified from two tabs at once, credits once: one invoice, one payment.completed with the payer", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const created = await createPayIn({ amount: 1200, payer: JANE, reference: "PAID-TWICE" });
    const paymentId = created.body.payment_id as string;
    const paid = await payLink(paymentId);
    expect(paid.order.order_id).toMatch(/^CFPay_/);
    const bodies = [paid.webhook.raw_body, paid.link_webhook!.raw_body];

    const answers = await Promise.all([...bodies, ...bodies].map(deliver));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const verifies = await Promise.all([1, 2].map(() => call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: paymentId }))));
    expect(verifies.map((v) => v.body.status)).toEqual(["paid", "paid"]);
    const outcomes = [...(await settleWebhookJobs(ctx)).values()];
    expect(outcomes).toEqual(["already_paid", "already_paid"]);

    const [account] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(account!.balance).toBe(1200n);
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId))).toHaveLength(1);
    expect(await ctx.db.select().from(invoices).where(eq(invoices.accountId, accountId))).toHaveLength(1);
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, paymentId));
    expect(order).toMatchObject({ status: "PAID", cfPaymentId: paid.payment.cf_payment_id, reference: "PAID-TWICE", payerName: "Jane Smith", paymentGroup: "upi" });
    const events = await ctx.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "payment.completed")));
    expect(events).toHaveLength(1);
    // Seed 001's sample shape, plus Khata's fields.
    expect(events[0]!.payload).toMatchObject({
      event: "payment.completed",
      order_id: paymentId,
      amount: 1200,
      currency: "INR",
      status: "completed",
      payer: "Jane Smith",
      reference: "PAID-TWICE",
      payer_details: { name: "Jane Smith", email: "jane@example.com", phone: "9876543210" },
    });
    expect(typeof (events[0]!.payload as Record<string, unknown>).timestamp).toBe("string");
    expect((await getPayment(paymentId)).body).toMatchObject({ status: "paid", payment_method: { group: "upi" } });
    expect(await invariants()).toEqual([]);
  });

  it("each webhook alone settles the pay-in: the link event first, then the payment webhook finds it paid and adds the method", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const paymentId = (await createPayIn({ amount: 300, payer: JANE })).body.payment_id as string;
    const paid = await payLink(paymentId);
    expect((await deliver(paid.link_webhook!.raw_body)).status).toBe(200);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["paid"]);
    expect((await getPayment(paymentId)).body).toMatchObject({ status: "paid", payment_method: null });
    expect((await deliver(paid.webhook.raw_body)).status).toBe(200);
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["already_paid"]);
    expect((await getPayment(paymentId)).body).toMatchObject({ status: "paid", payment_method: { group: "upi" } });
    const [account] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(account!.balance).toBe(300n);
  });

  it("verify syncs a pay-in through its link's orders when no webhook came; a failed attempt is payment.failed with the payer; a cancelled link closes it", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const paymentId = (await createPayIn({ amount: 40, payer: JANE })).body.payment_id as string;
    await payLink(paymentId, "failed");
    const failed = await call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: paymentId }));
    expect(failed.body).toMatchObject({ status: "failed", pay_in: { reference: null } });
    const [failure] = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "payment.failed")));
    expect(failure!.payload).toMatchObject({ event: "payment.failed", order_id: paymentId, status: "failed", payer: "Jane Smith" });
    await payLink(paymentId, "success");
    const verified = await call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: paymentId }));
    expect(verified.body).toMatchObject({ status: "paid", credits: 40 });

    const cancelledId = (await createPayIn({ amount: 41, payer: JANE })).body.payment_id as string;
    await cf.client.cancelLink(cancelledId, { idempotencyKey: `cancel-${cancelledId}` });
    expect((await call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: cancelledId }))).body.status).toBe("cancelled");
    const [account] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(account!.balance).toBe(40n);
    expect(await invariants()).toEqual([]);
  });
});
