import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { CashfreeApiError } from "../lib/cashfree/errors";
import { buildCreateOrderRequest } from "../lib/cashfree/order-fields";
import { startEmulator, type RunningEmulator } from "./server";

const CLIENT_ID = "test_client_id";
const CLIENT_SECRET = "test_client_secret";

let emulator: RunningEmulator;
let client: CashfreeClient;
let sequence = 0;

type ControlResult = { status: number; json: { code?: string; payment: { cf_payment_id: string; payment_status: string } } };

const control = async (path: string, body: unknown = {}): Promise<ControlResult> => {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as ControlResult["json"] };
};

const newOrderRequest = (amountPaise: bigint | number = 17_000n) =>
  buildCreateOrderRequest({
    orderId: `ord_contract_${++sequence}_${Date.now()}`,
    amountPaise,
    customer: { id: "acct_1", phone: "+919876543210", email: "owner@example.com", name: "Owner" },
    returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
    notifyUrl: "http://127.0.0.1:1/never-called",
    note: "contract test",
  });

beforeAll(async () => {
  // refunds settle only via the control API here, so assertions on PENDING are deterministic
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [], refundSettleDelayMs: null });
  client = createCashfreeClient({
    env: "emulator",
    baseUrl: `${emulator.url}/pg`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    maxRetries: 0,
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control("/reset");
});

async function expectApiError(promise: Promise<unknown>, fields: Partial<CashfreeApiError>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CashfreeApiError);
  expect(error).toMatchObject(fields);
  return error as CashfreeApiError;
}

describe("lib/cashfree client against the emulator", () => {
  it("creates and gets an order shaped like Cashfree's", async () => {
    const request = newOrderRequest();
    const created = await client.createOrder(request, { idempotencyKey: `create-${request.order_id}` });
    expect(created).toMatchObject({
      order_id: request.order_id,
      order_amount: 170,
      order_currency: "INR",
      order_status: "ACTIVE",
      order_meta: { return_url: request.order_meta?.return_url, notify_url: request.order_meta?.notify_url },
      customer_details: { customer_id: "acct_1", customer_phone: "9876543210" },
    });
    expect(created.cf_order_id).toMatch(/^\d+$/);
    expect(created.payment_session_id).toMatch(/^session_[A-Za-z0-9_-]{20,}$/);
    const expiresInMs = Date.parse(created.order_expiry_time ?? "") - Date.now();
    expect(expiresInMs).toBeGreaterThan(29 * 60_000);
    expect(expiresInMs).toBeLessThanOrEqual(30 * 60_000);

    const fetched = await client.getOrder(request.order_id ?? "");
    expect(fetched.cf_order_id).toBe(created.cf_order_id);
    expect(fetched.payment_session_id).toBe(created.payment_session_id);
  });

  it("lists payment attempts; a SUCCESS marks the order PAID and further attempts are refused", async () => {
    const request = newOrderRequest();
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    expect(await client.getPaymentsForOrder(orderId)).toEqual([]);

    expect((await control(`/orders/${orderId}/pay`, { outcome: "failed" })).status).toBe(200);
    expect((await control(`/orders/${orderId}/pay`, { outcome: "user_dropped" })).status).toBe(200);
    expect((await client.getOrder(orderId)).order_status).toBe("ACTIVE");
    const paid = await control(`/orders/${orderId}/pay`, { outcome: "success", method: "card" });
    expect(paid.json.payment.payment_status).toBe("SUCCESS");

    const payments = await client.getPaymentsForOrder(orderId);
    expect(payments.map((p) => p.payment_status)).toEqual(["FAILED", "USER_DROPPED", "SUCCESS"]);
    expect(new Set(payments.map((p) => p.cf_payment_id)).size).toBe(3);
    expect(payments[0]?.error_details?.error_code).toBe("TRANSACTION_DECLINED");
    expect(payments[2]).toMatchObject({ payment_amount: 170, payment_currency: "INR", payment_group: "credit_card" });
    expect((await client.getOrder(orderId)).order_status).toBe("PAID");

    const refused = await control(`/orders/${orderId}/pay`, { outcome: "success" });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "order_already_paid", type: "invalid_request_error" });
  });

  it("records a mismatched payment amount as sent", async () => {
    const request = newOrderRequest();
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    await control(`/orders/${orderId}/pay`, { outcome: "success", amount: 1.5, deliver: false });
    const [payment] = await client.getPaymentsForOrder(orderId);
    expect(payment?.payment_amount).toBe(1.5);
  });

  it("terminates an ACTIVE order with PATCH and refuses to terminate a PAID one", async () => {
    const request = newOrderRequest();
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    const terminated = await client.terminateOrder(orderId, { idempotencyKey: `terminate-${orderId}` });
    expect(terminated.order_status).toBe("TERMINATED");
    expect((await control(`/orders/${orderId}/pay`, { outcome: "success" })).json).toMatchObject({ code: "order_inactive" });

    const paidRequest = newOrderRequest();
    const paidId = paidRequest.order_id ?? "";
    await client.createOrder(paidRequest, { idempotencyKey: paidId });
    await control(`/orders/${paidId}/pay`, { outcome: "success", deliver: false });
    await expectApiError(client.terminateOrder(paidId, { idempotencyKey: `terminate-${paidId}` }), {
      status: 400,
      code: "order_already_paid",
    });
  });

  it("expires orders and refuses payment", async () => {
    const request = newOrderRequest();
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    await control(`/orders/${orderId}/expire`);
    expect((await client.getOrder(orderId)).order_status).toBe("EXPIRED");
    expect((await control(`/orders/${orderId}/pay`, { outcome: "success" })).json).toMatchObject({ code: "order_inactive" });
  });

  it("honours order_expiry_time on read", async () => {
    const request = { ...newOrderRequest(), order_expiry_time: new Date(Date.now() + 300).toISOString() };
    const orderId = request.order_id ?? "";
    expect((await client.createOrder(request, { idempotencyKey: orderId })).order_status).toBe("ACTIVE");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await client.getOrder(orderId)).order_status).toBe("EXPIRED");
  });

  it("creates and gets refunds, bounded by the paid amount", async () => {
    const request = newOrderRequest(50_000);
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    await expectApiError(client.createRefund(orderId, { refund_id: "rf_early", refund_amount: 1 }, { idempotencyKey: "rf-early" }), {
      status: 400,
      code: "order_id_not_paid",
    });
    await control(`/orders/${orderId}/pay`, { outcome: "success", deliver: false });

    const refund = await client.createRefund(
      orderId,
      { refund_id: "rf_1", refund_amount: 200.5, refund_note: "partial" },
      { idempotencyKey: "rf-1" },
    );
    expect(refund).toMatchObject({ refund_id: "rf_1", order_id: orderId, refund_amount: 200.5, refund_currency: "INR", refund_status: "PENDING" });
    expect(refund.cf_refund_id).toMatch(/^\d+$/);

    await expectApiError(client.createRefund(orderId, { refund_id: "rf_2", refund_amount: 300 }, { idempotencyKey: "rf-2" }), {
      status: 400,
      code: "refund_amount_invalid",
    });

    await control("/refunds/rf_1/settle", { status: "SUCCESS", deliver: false });
    const settled = await client.getRefund(orderId, "rf_1");
    expect(settled.refund_status).toBe("SUCCESS");
    expect(settled.refund_arn).toMatch(/^\d{12}$/);
    await expectApiError(client.getRefund(orderId, "rf_missing"), { status: 404, code: "refund_get_not_found" });
  });

  it("settles refunds as FAILED (like CANCELLED: final, amount refundable again) and ONHOLD (not final), each with its webhook", async () => {
    const request = newOrderRequest(50_000);
    const orderId = request.order_id ?? "";
    await client.createOrder(request, { idempotencyKey: orderId });
    await control(`/orders/${orderId}/pay`, { outcome: "success", deliver: false });
    type Settled = { refund: { refund_status: string; processed_at: string | null; status_description: string }; webhook: { raw_body: string } };
    const settle = async (refundId: string, status: unknown) => {
      const response = await fetch(`${emulator.url}/__control/refunds/${refundId}/settle`, { method: "POST", body: JSON.stringify({ status, deliver: false }) });
      return { status: response.status, json: (await response.json()) as Settled & { code?: string } };
    };
    const webhookRefund = (settled: Settled) => (JSON.parse(settled.webhook.raw_body) as { type: string; data: { refund: Record<string, unknown> } });

    await client.createRefund(orderId, { refund_id: "rf_fail", refund_amount: 500 }, { idempotencyKey: "rf-fail" });
    const failed = await settle("rf_fail", "FAILED");
    expect(failed.status).toBe(200);
    expect(failed.json.refund).toMatchObject({ refund_status: "FAILED", status_description: "Refund failed at the bank", processed_at: expect.any(String) });
    const failedEvent = webhookRefund(failed.json);
    expect(failedEvent.type).toBe("REFUND_STATUS_WEBHOOK");
    const cancelledShape = { refund_id: "rf_fail", order_id: orderId, refund_amount: 500, refund_status: "FAILED", refund_arn: null, entity: "Refund", processed_at: expect.any(String) };
    expect(failedEvent.data.refund).toMatchObject(cancelledShape);
    expect((await client.getRefund(orderId, "rf_fail")).refund_status).toBe("FAILED");
    expect((await settle("rf_fail", "SUCCESS")).json.code).toBe("refund_invalid");

    // A failed refund returned nothing: the whole amount can be refunded again. ONHOLD is a stop on the way.
    await client.createRefund(orderId, { refund_id: "rf_hold", refund_amount: 500 }, { idempotencyKey: "rf-hold" });
    const held = await settle("rf_hold", "ONHOLD");
    expect(held.json.refund).toMatchObject({ refund_status: "ONHOLD", processed_at: null });
    expect(webhookRefund(held.json).data.refund).toMatchObject({ refund_id: "rf_hold", refund_status: "ONHOLD", processed_at: null });
    expect((await client.getRefund(orderId, "rf_hold")).refund_status).toBe("ONHOLD");
    expect((await settle("rf_hold", "ONHOLD")).status).toBe(409);
    const done = await settle("rf_hold", "SUCCESS");
    expect(done.json.refund).toMatchObject({ refund_status: "SUCCESS", processed_at: expect.any(String) });

    const bad = await settle("rf_hold", "REVERSED");
    expect(bad).toMatchObject({ status: 400, json: { code: "request_failed" } });
  });

  it("replays the first response for an idempotency key, errors included", async () => {
    const request = newOrderRequest();
    const first = await client.createOrder(request, { idempotencyKey: "same-key" });
    const replay = await client.createOrder({ ...request, order_amount: 999 }, { idempotencyKey: "same-key" });
    expect(replay).toEqual(first);
    expect(emulator.state.orders.size).toBe(1);

    const bad = { ...newOrderRequest(), order_amount: 0.5 };
    await expectApiError(client.createOrder(bad, { idempotencyKey: "bad-key" }), { status: 400 });
    // Same key with a now-valid body still gets the stored 400.
    await expectApiError(client.createOrder({ ...bad, order_amount: 10 }, { idempotencyKey: "bad-key" }), {
      status: 400,
      code: "order_amount_invalid",
    });
  });

  it("maps 400 validation errors", async () => {
    const base = newOrderRequest();
    await expectApiError(client.createOrder({ ...base, order_amount: 0.99 }, { idempotencyKey: "v1" }), {
      status: 400,
      code: "order_amount_invalid",
      type: "invalid_request_error",
    });
    await expectApiError(client.createOrder({ ...base, order_amount: 10.123 }, { idempotencyKey: "v2" }), {
      code: "order_amount_invalid",
    });
    await expectApiError(client.createOrder({ ...base, order_id: "a b" }, { idempotencyKey: "v3" }), { code: "order_id_invalid" });
    await expectApiError(
      client.createOrder({ ...base, customer_details: { customer_id: "c1", customer_phone: "123" } }, { idempotencyKey: "v4" }),
      { code: "customer_phone_invalid" },
    );
    await expectApiError(client.createOrder({ ...base, order_expiry_time: "2001-01-01T00:00:00Z" }, { idempotencyKey: "v5" }), {
      code: "order_expiry_time_invalid",
    });
  });

  it("maps a duplicate order_id to 409 order_already_exists", async () => {
    const request = newOrderRequest();
    await client.createOrder(request, { idempotencyKey: "dup-1" });
    const error = await expectApiError(client.createOrder(request, { idempotencyKey: "dup-2" }), {
      status: 409,
      code: "order_already_exists",
      type: "invalid_request_error",
    });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("maps 404 and authentication errors", async () => {
    await expectApiError(client.getOrder("no_such_order"), { status: 404, code: "order_not_found" });
    const wrong = createCashfreeClient({ env: "emulator", baseUrl: `${emulator.url}/pg`, clientId: CLIENT_ID, clientSecret: "nope" });
    await expectApiError(wrong.getOrder("x"), { status: 401, type: "authentication_error" });
  });

  it("requires x-api-version", async () => {
    const response = await fetch(`${emulator.url}/pg/orders/x`, {
      headers: { "x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "version_invalid", type: "invalid_request_error" });
  });
});
