/**
 * The payment and invoice routes through the real apiRoute wrapper (auth, policy, zod, Idempotency-Key, raw
 * webhook body), with only the session lookup, the database handle and the Cashfree client substituted.
 */
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile, createUser } from "@/lib/testing/factories";
import { setCashfreeClientForTests } from "./cashfree-client";
import { payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";

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

const { POST: createOrderRoute } = await import("@/app/api/v1/payments/create-order/route");
const { POST: verifyRoute } = await import("@/app/api/v1/payments/verify/route");
const { POST: retryRoute } = await import("@/app/api/v1/payments/retry/route");
const { GET: historyRoute } = await import("@/app/api/v1/payments/history/route");
const { POST: webhookRoute } = await import("@/app/api/v1/payments/webhook/route");
const { GET: invoicesRoute } = await import("@/app/api/v1/invoices/route");
const { GET: invoiceRoute } = await import("@/app/api/v1/invoices/[invoice_number]/route");
const { GET: invoicePdfRoute } = await import("@/app/api/v1/invoices/[invoice_number]/pdf/route");
const { GET: adminOrdersRoute } = await import("@/app/api/v1/admin/orders/route");

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
  const text = response.headers.get("content-type")?.includes("json") ? await response.text() : "";
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Record<string, any>, response }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

describeWithDatabase("payment and invoice routes", (ctx) => {
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  it("create-order → webhook → verify → history → invoice (JSON and PDF), with authz and validation", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    const other = await createAccount(ctx.db);

    session.userId = ownerId;
    const noProfile = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits: 5000 }));
    expect(noProfile).toMatchObject({ status: 400, body: { error: { code: "billing_profile_incomplete" } } });
    await createBillingProfile(ctx.db, accountId);

    for (const credits of [0, 1.5, "100", 100001]) {
      const bad = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("credits");
    }

    const created = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits: 5000 }, { "idempotency-key": "co-1" }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amount: 5000, currency: "INR", env: "emulator" });
    expect(Object.keys(created.body).sort()).toEqual(["amount", "cf_order_id", "currency", "env", "order_id", "payment_session_id"]);
    const replay = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits: 5000 }, { "idempotency-key": "co-1" }));
    expect(replay).toMatchObject({ status: 201, body: created.body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const orderId = created.body.order_id as string;

    const apiKey = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits: 5 }, { authorization: "Bearer cm_live_x" }));
    expect(apiKey).toMatchObject({ status: 403, body: { error: { code: "api_key_not_allowed" } } });
    session.userId = member.id;
    const memberCreate = await call(createOrderRoute, req("POST", "/api/v1/payments/create-order", { type: "credit_topup", credits: 5 }));
    expect(memberCreate).toMatchObject({ status: 403, body: { error: { code: "insufficient_permissions" } } });

    // Cashfree's webhook through the route: raw bytes, signature checked, settled once.
    const paid = await payInEmulator(cf, orderId, "success");
    const rawBody = paid.webhook!.raw_body;
    const forged = await webhookRoute(new Request(`${ORIGIN}/api/v1/payments/webhook`, { method: "POST", headers: signedHeaders(rawBody, "wrong"), body: rawBody }));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
    const hook = await webhookRoute(new Request(`${ORIGIN}/api/v1/payments/webhook`, { method: "POST", headers: signedHeaders(rawBody, cf.secret), body: rawBody }));
    expect(hook.status).toBe(200);
    expect(await hook.json()).toMatchObject({ received: true, duplicate: false, outcome: "queued" });
    // The worker settles it moments later; verify then answers from our records.
    expect([...(await settleWebhookJobs(ctx)).values()]).toEqual(["paid"]);

    // Members may verify and read.
    const verified = await call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: orderId }));
    expect(verified).toMatchObject({ status: 200, body: { order_id: orderId, status: "paid", amount: 5000, credits: 5000 } });
    const invoiceNumber = verified.body.invoice_number as string;
    expect(invoiceNumber).toMatch(/^KH-\d{4}-\d{6}$/);

    // A member's history is their own (seed 001's API user, lib/auth/history-scope.ts): the owner's order is not in it.
    expect((await call(historyRoute, req("GET", "/api/v1/payments/history"))).body).toMatchObject({ total: 0, payments: [] });
    session.userId = ownerId;
    const history = await call(historyRoute, req("GET", "/api/v1/payments/history?status=paid&amount=>=5000"));
    expect(history).toMatchObject({ status: 200, body: { total: 1, limit: 10, offset: 0 } });
    expect(history.body.payments[0]).toMatchObject({ order_id: orderId, invoice_number: invoiceNumber, amount: 5000, amount_paise: 500000, status: "paid" });
    expect((await call(historyRoute, req("GET", "/api/v1/payments/history?count_only=1"))).body).toEqual({ count: 1 });
    const badLimit = await call(historyRoute, req("GET", "/api/v1/payments/history?limit=101"));
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain("limit");
    const badAmount = await call(historyRoute, req("GET", `/api/v1/payments/history?amount=${encodeURIComponent("~5")}`));
    expect(badAmount.body.error.message).toContain("amount");

    session.userId = member.id;
    const list = await call(invoicesRoute, req("GET", "/api/v1/invoices"));
    expect(list.body.invoices.map((i: { invoice_number: string }) => i.invoice_number)).toEqual([invoiceNumber]);
    const detail = await call(invoiceRoute, req("GET", `/api/v1/invoices/${invoiceNumber}`), { invoice_number: invoiceNumber });
    expect(detail).toMatchObject({ status: 200, body: { invoice_number: invoiceNumber, total: 5000, snapshot: { invoiceNumber, title: "TAX INVOICE" } } });
    const pdf = await call(invoicePdfRoute, req("GET", `/api/v1/invoices/${invoiceNumber}/pdf`), { invoice_number: invoiceNumber });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="${invoiceNumber}.pdf"`);
    expect(Buffer.from(await pdf.response.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const badNumber = await call(invoiceRoute, req("GET", "/api/v1/invoices/not-a-number"), { invoice_number: "not-a-number" });
    expect(badNumber.status).toBe(404);

    // Another account sees none of it.
    session.userId = other.ownerId;
    expect((await call(invoiceRoute, req("GET", `/api/v1/invoices/${invoiceNumber}`), { invoice_number: invoiceNumber })).status).toBe(404);
    expect((await call(invoicePdfRoute, req("GET", `/api/v1/invoices/${invoiceNumber}/pdf`), { invoice_number: invoiceNumber })).status).toBe(404);
    expect((await call(verifyRoute, req("POST", "/api/v1/payments/verify", { order_id: orderId }))).status).toBe(404);
    expect((await call(retryRoute, req("POST", "/api/v1/payments/retry", { order_id: orderId }))).status).toBe(404);
    expect((await call(historyRoute, req("GET", "/api/v1/payments/history"))).body.total).toBe(0);

    session.userId = ownerId;
    const retryPaid = await call(retryRoute, req("POST", "/api/v1/payments/retry", { order_id: orderId }, { "idempotency-key": "r-1" }));
    expect(retryPaid).toMatchObject({ status: 409, body: { error: { code: "order_already_paid" } } });
    const adminDenied = await call(adminOrdersRoute, req("GET", "/api/v1/admin/orders?flagged=1"));
    expect(adminDenied.status).toBe(403);
    const operator = await createUser(ctx.db, { isOperator: true });
    session.userId = operator.id;
    const adminList = await call(adminOrdersRoute, req("GET", "/api/v1/admin/orders?flagged=1"));
    expect(adminList.status).toBe(200);
    expect(Array.isArray(adminList.body.orders)).toBe(true);
  });
});
