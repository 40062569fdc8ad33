import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { CashfreeApiError } from "../lib/cashfree/errors";
import { buildCreateOrderRequest } from "../lib/cashfree/order-fields";
import type { OrderPayPaymentMethod } from "../lib/cashfree/order-pay";
import { verifyWebhook } from "../lib/cashfree/webhook";
import { startEmulator, type RunningEmulator } from "./server";

const CLIENT_ID = "test_client_id";
const CLIENT_SECRET = "test_client_secret";

let emulator: RunningEmulator;
let client: CashfreeClient;
let sequence = 0;

type Json = Record<string, unknown>;
const control = async (path: string, body: unknown = {}) => {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Json };
};

async function newOrder() {
  const request = buildCreateOrderRequest({
    orderId: `ord_pay_${++sequence}_${Date.now()}`,
    amountPaise: 25_000n,
    customer: { id: "acct_1", phone: "+919876543210", email: "owner@example.com", name: "Owner" },
    returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
    notifyUrl: "http://127.0.0.1:1/never-called",
    note: "order pay contract",
  });
  return client.createOrder(request, { idempotencyKey: `create-${request.order_id}` });
}

const pay = async (method: OrderPayPaymentMethod, key = `pay-${++sequence}`) => {
  const order = await newOrder();
  const answer = await client.payOrder({ payment_session_id: order.payment_session_id ?? "", payment_method: method }, { idempotencyKey: key });
  return { order, answer };
};

const paymentsOf = async (orderId: string) => client.getPaymentsForOrder(orderId);

beforeAll(async () => {
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [], refundSettleDelayMs: null });
  client = createCashfreeClient({ env: "emulator", baseUrl: `${emulator.url}/pg`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 0 });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control("/reset");
});

describe("Order Pay (POST /pg/orders/sessions) against the emulator", () => {
  it("upi qrcode answers action custom with a upi://pay QR payload; paying the QR sends a signed PAYMENT_SUCCESS", async () => {
    const { order, answer } = await pay({ upi: { channel: "qrcode" } });
    expect(answer).toMatchObject({ payment_amount: 250, payment_method: "upi", channel: "qrcode", action: "custom", data: { url: null, content_type: null, method: null } });
    const qr = String(answer.data.payload?.qrcode);
    const intent = new URL(qr);
    expect(intent.protocol).toBe("upi:");
    expect(intent.searchParams.get("am")).toBe("250.00");
    expect(intent.searchParams.get("cu")).toBe("INR");
    expect(intent.searchParams.get("tr")).toBe(answer.cf_payment_id);
    expect((await paymentsOf(order.order_id))[0]).toMatchObject({ payment_status: "PENDING", payment_group: "upi", payment_method: { upi: { channel: "qrcode" } } });

    const paid = await control("/order-pay/qr/pay", { qr, deliver: false });
    expect(paid.status).toBe(200);
    const webhook = paid.json.webhook as { type: string; raw_body: string; body: { data: { payment: Json } } };
    expect(webhook.type).toBe("PAYMENT_SUCCESS_WEBHOOK");
    expect(webhook.body.data.payment).toMatchObject({ payment_status: "SUCCESS", payment_method: { upi: { channel: "qrcode" } } });
    expect((await client.getOrder(order.order_id)).order_status).toBe("PAID");
    // Paying the same QR again is refused: the payment is no longer PENDING.
    expect((await control("/order-pay/qr/pay", { qr, deliver: false })).status).toBe(409);
  });

  it("upi link answers action custom with app intents", async () => {
    const { answer } = await pay({ upi: { channel: "link" } });
    expect(answer).toMatchObject({ payment_method: "upi", channel: "link", action: "custom" });
    const payload = answer.data.payload as Record<string, string>;
    expect(payload.default).toMatch(/^upi:\/\/pay\?/);
    expect(payload.gpay).toMatch(/^tez:\/\/upi\/pay\?/);
    expect(payload.phonepe).toMatch(/^phonepe:\/\/pay\?/);
    expect(payload.paytm).toMatch(/^paytmmp:\/\/pay\?/);
  });

  it("upi collect answers action custom without payload; the request succeeds, fails or expires via control", async () => {
    const outcomes = [
      ["success", "SUCCESS", "PAYMENT_SUCCESS_WEBHOOK", "PAID"],
      ["failed", "FAILED", "PAYMENT_FAILED_WEBHOOK", "ACTIVE"],
      ["expired", "FAILED", "PAYMENT_FAILED_WEBHOOK", "ACTIVE"],
    ] as const;
    for (const [outcome, status, type, orderStatus] of outcomes) {
      const { order, answer } = await pay({ upi: { channel: "collect", upi_id: "payer.name@okaxis" } });
      expect(answer).toMatchObject({ payment_method: "upi", channel: "collect", action: "custom", data: { url: null, payload: null } });
      const acted = await control(`/order-pay/${answer.cf_payment_id}/collect`, { outcome, deliver: false });
      expect(acted.status).toBe(200);
      const webhook = acted.json.webhook as { type: string; body: { data: { payment: Json; error_details?: Json } } };
      expect(webhook.type).toBe(type);
      expect(webhook.body.data.payment).toMatchObject({ payment_status: status, payment_method: { upi: { channel: "collect", upi_id: "payer.name@okaxis" } } });
      if (outcome === "expired") expect(webhook.body.data.error_details).toMatchObject({ error_code: "TRANSACTION_EXPIRED" });
      expect((await client.getOrder(order.order_id)).order_status).toBe(orderStatus);
    }
  });

  it("netbanking answers action post with the bank form; submitting it pays and returns to return_url", async () => {
    const { order, answer } = await pay({ netbanking: { channel: "link", netbanking_bank_code: 3044 } });
    expect(answer).toMatchObject({
      payment_method: "netbanking",
      channel: "post",
      action: "post",
      data: { url: `${emulator.url}/netbanking/${answer.cf_payment_id}`, content_type: "application/x-www-form-urlencoded", method: "post" },
    });
    const form = new URLSearchParams(answer.data.payload as Record<string, string>);
    const bankPage = await fetch(answer.data.url ?? "", { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bankPage.status).toBe(200);
    expect(await bankPage.text()).toContain("State Bank Of India net banking");
    const submitted = await fetch(`${answer.data.url}/submit`, { method: "POST", body: new URLSearchParams({ outcome: "success" }), redirect: "manual" });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe(`http://localhost:3000/billing/return?order_id=${order.order_id}`);
    const [payment] = await paymentsOf(order.order_id);
    expect(payment).toMatchObject({ payment_status: "SUCCESS", payment_group: "net_banking", payment_method: { netbanking: { netbanking_bank_code: 3044 } } });
  });

  it("refuses bad method objects, unknown bank codes, cards and methods the merchant has not enabled", async () => {
    const order = await newOrder();
    const session = order.payment_session_id ?? "";
    const attempt = (payment_method: unknown, key: string) =>
      client.payOrder({ payment_session_id: session, payment_method: payment_method as OrderPayPaymentMethod }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(await attempt({ upi: { channel: "collect", upi_id: "nope" } }, "k1")).toMatchObject({ status: 400, code: "payment_method_invalid" });
    expect(await attempt({ upi: { channel: "gpay" } }, "k2")).toMatchObject({ status: 400, code: "payment_method_invalid" });
    expect(await attempt({ netbanking: { channel: "link", netbanking_bank_code: 9999 } }, "k3")).toMatchObject({ code: "netbanking_bank_code_invalid" });
    expect(await attempt({ card: { channel: "link", card_number: "4111111111111111" } }, "k4")).toMatchObject({ code: "card_submission_disabled", type: "feature_not_enabled" });
    await fetch(`${emulator.url}/__control/config`, { method: "POST", body: JSON.stringify({ disabledPaymentMethods: ["netbanking"] }) });
    expect(await attempt({ netbanking: { channel: "link", netbanking_bank_code: 3044 } }, "k5")).toMatchObject({ status: 400, code: "payment_method_unsupported", type: "feature_not_enabled" });
    const bad = await client.payOrder({ payment_session_id: "session_nope", payment_method: { upi: { channel: "qrcode" } } }, { idempotencyKey: "k6" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CashfreeApiError);
    expect(bad).toMatchObject({ code: "payment_session_id_invalid" });
    expect(await paymentsOf(order.order_id)).toEqual([]);
  });

  it("replays the first answer for an x-idempotency-key byte-identically, errors included, and 20 concurrent calls start one payment", async () => {
    const order = await newOrder();
    const send = (key: string, body: unknown) =>
      fetch(`${emulator.url}/pg/orders/sessions`, {
        method: "POST",
        headers: { "x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET, "x-api-version": "2025-01-01", "x-idempotency-key": key, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const body = { payment_session_id: order.payment_session_id, payment_method: { upi: { channel: "qrcode" } } };
    const answers = await Promise.all(Array.from({ length: 20 }, () => send("same-attempt", body)));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]?.status).toBe(200);
    expect(await paymentsOf(order.order_id)).toHaveLength(1);

    const failed = await send("bad-attempt", { payment_session_id: order.payment_session_id, payment_method: { upi: { channel: "collect", upi_id: "x" } } });
    const replay = await send("bad-attempt", body);
    expect(failed.status).toBe(400);
    expect(replay).toEqual(failed);
    expect(await paymentsOf(order.order_id)).toHaveLength(1);
  });
});

it("the QR payment's PAYMENT_SUCCESS webhook is delivered signed, verifying with the client secret", async () => {
  const received: { headers: IncomingHttpHeaders; rawBody: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const request = buildCreateOrderRequest({
      orderId: `ord_pay_wh_${Date.now()}`,
      amountPaise: 10_000n,
      customer: { id: "acct_1", phone: "+919876543210", email: "o@example.com", name: "O" },
      returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
      notifyUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/cashfree`,
      note: "wh",
    });
    const order = await client.createOrder(request, { idempotencyKey: `create-${request.order_id}` });
    const answer = await client.payOrder({ payment_session_id: order.payment_session_id ?? "", payment_method: { upi: { channel: "qrcode" } } }, { idempotencyKey: "wh" });
    const paid = await control("/order-pay/qr/pay", { qr: answer.data.payload?.qrcode });
    expect((paid.json.webhook as { first_delivery: { status: number } }).first_delivery.status).toBe(200);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const verified = verifyWebhook({ rawBody: delivery?.rawBody ?? "", headers: delivery?.headers ?? {}, secret: CLIENT_SECRET });
    expect(verified).toMatchObject({ ok: true, event: { type: "PAYMENT_SUCCESS_WEBHOOK" } });
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
