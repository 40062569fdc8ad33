/**
 * POST /api/v1/payments/pay (Order Pay) through the real apiRoute wrapper against the emulator: every method and
 * channel, validation before Cashfree, the not-enabled fallback, concurrent double submits, and settlement only
 * through the webhook (never from this route).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { PLANS } from "@/lib/config/plans";
import { accounts } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile } from "@/lib/testing/factories";
import { signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";
import { setCashfreeClientForTests } from "./cashfree-client";

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
const { POST: payRoute } = await import("@/app/api/v1/payments/pay/route");
const { POST: verifyRoute } = await import("@/app/api/v1/payments/verify/route");
const { POST: webhookRoute } = await import("@/app/api/v1/payments/webhook/route");

const ORIGIN = "http://localhost:3000";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const req = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request) {
  const response = await handler(request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Json };
}
const pay = (orderId: string, method: unknown, headers: Record<string, string> = {}) => call(payRoute, req("/api/v1/payments/pay", { order_id: orderId, method }, headers));

let cf: TestCashfree;
beforeAll(async () => {
  cf = await startTestCashfree();
  setCashfreeClientForTests(cf.client);
});
afterAll(async () => {
  setCashfreeClientForTests(undefined);
  await cf?.close();
});

const control = async (path: string, body: unknown) => {
  const response = await fetch(`${cf.emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return (await response.json()) as Json;
};
const cashfreePayments = async (orderId: string) => cf.client.getPaymentsForOrder(orderId);

describeWithDatabase("POST /api/v1/payments/pay (Order Pay)", (ctx) => {
  beforeEach(async () => {
    session.db = ctx.db as Db;
    session.userId = null;
    await control("/config", { disabledPaymentMethods: [] });
  });

  async function topUpOrder(credits = 500) {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const created = await call(createOrderRoute, req("/api/v1/payments/create-order", { type: "credit_topup", credits }));
    expect(created.status).toBe(201);
    return { accountId, ownerId, orderId: created.body.order_id as string };
  }

  async function deliver(rawBody: string) {
    const hook = await webhookRoute(new Request(`${ORIGIN}/api/v1/payments/webhook`, { method: "POST", headers: signedHeaders(rawBody, cf.secret), body: rawBody }));
    expect(hook.status).toBe(200);
    return settleWebhookJobs(ctx);
  }

  async function invariants() {
    const sql = sqlClient(ctx.url, 2);
    try {
      return (await checkInvariants(sql)).violations;
    } finally {
      await sql.end();
    }
  }

  it("UPI QR: answers action custom with the QR payload, amount and expiry; credits only after the webhook settles", async () => {
    const { accountId, orderId } = await topUpOrder(500);
    const answer = await pay(orderId, { type: "upi_qr" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ order_id: orderId, method: "upi_qr", attempt: 1, amount: 500, currency: "INR", payment_method: "upi", channel: "qrcode", action: "custom" });
    expect(String(answer.body.data.payload.qrcode)).toMatch(/^upi:\/\/pay\?.*am=500\.00/);
    expect(Date.parse(answer.body.expires_at)).toBeGreaterThan(Date.now());

    // Starting the payment credits nothing; verify sees a pending payment and leaves the order pending.
    const [before] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(before?.balance).toBe(0n);
    expect((await call(verifyRoute, req("/api/v1/payments/verify", { order_id: orderId }))).body.status).toBe("pending");

    const paid = await control("/order-pay/qr/pay", { qr: answer.body.data.payload.qrcode, deliver: false });
    expect([...(await deliver(paid.webhook.raw_body)).values()]).toEqual(["paid"]);
    expect((await call(verifyRoute, req("/api/v1/payments/verify", { order_id: orderId }))).body).toMatchObject({ status: "paid", credits: 500 });
    const [after] = await ctx.db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(after?.balance).toBe(500n);
    expect((await pay(orderId, { type: "upi_qr" })).body.error.code).toBe("order_already_paid");
    expect(await invariants()).toEqual([]);
  });

  it("a plan is paid by UPI QR the same way (the plans page): the plan and its credits after the webhook, not before", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    session.userId = ownerId;
    const created = await call(createOrderRoute, req("/api/v1/payments/create-order", { type: "plan_upgrade", plan: "starter" }));
    expect(created.status).toBe(201);
    const orderId = created.body.order_id as string;
    const answer = await pay(orderId, { type: "upi_qr" });
    expect(answer.body).toMatchObject({ order_id: orderId, method: "upi_qr", amount: Number(PLANS.starter.monthlyPricePaise) / 100, action: "custom" });
    const [before] = await ctx.db.select({ plan: accounts.plan, balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(before).toMatchObject({ plan: "free", balance: 0n });
    const paid = await control("/order-pay/qr/pay", { qr: answer.body.data.payload.qrcode, deliver: false });
    expect([...(await deliver(paid.webhook.raw_body)).values()]).toEqual(["paid"]);
    const [after] = await ctx.db.select({ plan: accounts.plan, balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
    expect(after).toMatchObject({ plan: "starter", balance: PLANS.starter.includedCredits });
    expect(await invariants()).toEqual([]);
  });

  it("UPI app (link) and netbanking answer their documented actions", async () => {
    const { orderId } = await topUpOrder();
    const link = await pay(orderId, { type: "upi_link" });
    expect(link.body).toMatchObject({ method: "upi_link", channel: "link", action: "custom" });
    expect(link.body.data.payload.default).toMatch(/^upi:\/\/pay\?/);

    const { orderId: nbOrder } = await topUpOrder();
    const nb = await pay(nbOrder, { type: "netbanking", bank_code: 3021 });
    expect(nb.body).toMatchObject({ method: "netbanking", channel: "post", action: "post", data: { method: "post", content_type: "application/x-www-form-urlencoded" } });
    expect(nb.body.data.url).toBe(`${cf.emulator.url}/netbanking/${nb.body.cf_payment_id}`);
    expect(nb.body.data.payload).toEqual({ cf_payment_id: nb.body.cf_payment_id, bank_code: "3021" });
  });

  it("a collect request that expires settles the order failed; the next attempt is a new payment that can succeed", async () => {
    const { orderId } = await topUpOrder(300);
    const first = await pay(orderId, { type: "upi_collect", upi_id: "payer.one@okhdfc" });
    expect(first.body).toMatchObject({ method: "upi_collect", channel: "collect", action: "custom", attempt: 1, data: { payload: null } });
    const expired = await control(`/order-pay/${first.body.cf_payment_id}/collect`, { outcome: "expired", deliver: false });
    expect([...(await deliver(expired.webhook.raw_body)).values()]).toEqual(["marked_failed"]);
    expect((await call(verifyRoute, req("/api/v1/payments/verify", { order_id: orderId }))).body.status).toBe("failed");

    const second = await pay(orderId, { type: "upi_collect", upi_id: "payer.one@okhdfc" });
    expect(second.body).toMatchObject({ attempt: 2 });
    expect(second.body.cf_payment_id).not.toBe(first.body.cf_payment_id);
    expect((await call(verifyRoute, req("/api/v1/payments/verify", { order_id: orderId }))).body.status).toBe("pending");
    const ok = await control(`/order-pay/${second.body.cf_payment_id}/collect`, { outcome: "success", deliver: false });
    expect([...(await deliver(ok.webhook.raw_body)).values()]).toEqual(["paid"]);
    expect(await cashfreePayments(orderId)).toHaveLength(2);
    expect(await invariants()).toEqual([]);
  });

  it("bad method objects are a clear 400 before Cashfree; a method not enabled is a 422 with the hosted-checkout fallback", async () => {
    const { orderId } = await topUpOrder();
    const cases: [unknown, string][] = [
      [{ type: "upi_collect", upi_id: "no-at-sign" }, "method.upi_id"],
      [{ type: "upi_collect", upi_id: "a@b1" }, "method.upi_id"],
      [{ type: "netbanking", bank_code: 9999 }, "method.bank_code"],
      [{ type: "netbanking" }, "method.bank_code"],
      [{ type: "card", card_number: "4111111111111111" }, "method"],
      [{ type: "upi_qr", extra: 1 }, "extra"],
    ];
    for (const [method, field] of cases) {
      const bad = await pay(orderId, method);
      expect(bad.status, JSON.stringify(method)).toBe(400);
      expect(bad.body.error.code).toBe("invalid_request");
      expect(JSON.stringify(bad.body.error)).toContain(field);
    }
    expect(await cashfreePayments(orderId)).toEqual([]);

    await control("/config", { disabledPaymentMethods: ["netbanking"] });
    const disabled = await pay(orderId, { type: "netbanking", bank_code: 3044 });
    expect(disabled.status).toBe(422);
    expect(disabled.body.error).toMatchObject({ code: "payment_method_not_enabled", details: { fallback: "hosted_checkout", provider_code: "payment_method_unsupported" } });
    expect(disabled.body.error.details.payment_session_id).toMatch(/^session_/);
  });

  it("20 concurrent identical pays start one Cashfree payment and answer byte-identically; a keyed repeat replays", async () => {
    const { orderId } = await topUpOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(orderId, { type: "upi_qr" })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await cashfreePayments(orderId)).toHaveLength(1);

    const keyed = await pay(orderId, { type: "upi_qr" }, { "idempotency-key": "pay-click-1" });
    const replay = await pay(orderId, { type: "upi_qr" }, { "idempotency-key": "pay-click-1" });
    expect(replay.text).toBe(keyed.text);
    expect(keyed.text).toBe(answers[0]?.text);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await cashfreePayments(orderId)).toHaveLength(1);
  });

  it("only managers may pay; another account's order is a 404", async () => {
    const { accountId, orderId } = await topUpOrder();
    const member = await addMember(ctx.db, accountId, "member");
    session.userId = member.id;
    expect((await pay(orderId, { type: "upi_qr" })).body.error.code).toBe("insufficient_permissions");
    const other = await createAccount(ctx.db);
    session.userId = other.ownerId;
    expect((await pay(orderId, { type: "upi_qr" })).status).toBe(404);
    expect(await cashfreePayments(orderId)).toEqual([]);
  });
});
