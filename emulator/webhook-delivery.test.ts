import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyWebhook } from "../lib/cashfree/webhook";
import { startEmulator, type RunningEmulator } from "./server";

const CLIENT_ID = "wh_client_id";
const CLIENT_SECRET = "wh_client_secret";
const API_HEADERS = {
  "x-client-id": CLIENT_ID,
  "x-client-secret": CLIENT_SECRET,
  "x-api-version": "2025-01-01",
  "content-type": "application/json",
};

type Received = { headers: IncomingHttpHeaders; rawBody: string; receivedAt: number };

let emulator: RunningEmulator;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let failuresBeforeSuccess = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() });
      const fail = failuresBeforeSuccess > 0;
      if (fail) failuresBeforeSuccess -= 1;
      res.writeHead(fail ? 500 : 200, { "content-type": "text/plain" });
      res.end(fail ? "not yet" : "ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/cashfree`;
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [30, 60, 90] });
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => {
    receiver.close(() => resolve());
    receiver.closeAllConnections();
  });
});

beforeEach(async () => {
  await fetch(`${emulator.url}/__control/reset`, { method: "POST" });
  received = [];
  failuresBeforeSuccess = 0;
});

async function createOrder(orderId: string, amount = 170) {
  const response = await fetch(`${emulator.url}/pg/orders`, {
    method: "POST",
    headers: { ...API_HEADERS, "x-idempotency-key": orderId },
    body: JSON.stringify({
      order_id: orderId,
      order_amount: amount,
      order_currency: "INR",
      customer_details: { customer_id: "c1", customer_phone: "9876543210" },
      order_meta: { return_url: "http://localhost:3000/return/{order_id}", notify_url: receiverUrl },
    }),
  });
  expect(response.status).toBe(200);
}

type ControlJson = {
  payment: { cf_payment_id: string };
  webhook: { first_delivery: { attempt: number; status: number | null } | null };
  deliveries: { status: number | null }[];
};

async function control(path: string, body: unknown = {}): Promise<ControlJson> {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return (await response.json()) as ControlJson;
}

function verify(delivery: Received, now = Date.now()) {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return verifyWebhook({ rawBody: delivery.rawBody, headers, secret: CLIENT_SECRET, now });
}

async function waitFor(predicate: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("emulator webhooks", () => {
  it("retries a failing receiver with attempts 1, 2, 3, each validly signed, until 2xx", async () => {
    failuresBeforeSuccess = 2;
    await createOrder("ord_wh_retry");
    const result = await control("/orders/ord_wh_retry/pay", { outcome: "success" });
    expect(result.webhook.first_delivery).toMatchObject({ attempt: 1, status: 500 });

    await waitFor(() => received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 150)); // no 4th attempt after the 200
    expect(received).toHaveLength(3);
    expect(received.map((r) => r.headers["x-webhook-attempt"])).toEqual(["1", "2", "3"]);

    const keys = new Set(received.map((r) => r.headers["x-idempotency-key"]));
    expect(keys.size).toBe(1);
    for (const delivery of received) {
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers["x-webhook-version"]).toBe("2025-01-01");
      expect(Number(delivery.headers["x-webhook-timestamp"])).toBeGreaterThan(1e12);
      expect(delivery.rawBody).toContain('"payment_amount":170.00');
      const verified = verify(delivery);
      expect(verified.ok).toBe(true);
      if (!verified.ok || verified.event.kind !== "payment") throw new Error("expected a payment event");
      expect(verified.event.type).toBe("PAYMENT_SUCCESS_WEBHOOK");
      expect(verified.event.data.order.order_id).toBe("ord_wh_retry");
      expect(verified.event.data.payment.cf_payment_id).toBe(result.payment.cf_payment_id);
    }
    // A receiver that re-serialises the body cannot verify it, exactly as with Cashfree.
    const first = received[0]!;
    expect(verifyWebhook({ rawBody: JSON.stringify(JSON.parse(first.rawBody)), headers: first.headers as Record<string, string>, secret: CLIENT_SECRET })).toEqual({
      ok: false,
      reason: "bad_signature",
    });

    const log = (await (await fetch(`${emulator.url}/__control/webhooks/log`)).json()) as { deliveries: { attempt: number; status: number }[] };
    expect(log.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it("gives up after the retry list is exhausted", async () => {
    failuresBeforeSuccess = 100;
    await control("/config", { webhookRetryDelaysMs: [10, 10] });
    await createOrder("ord_wh_giveup");
    await control("/orders/ord_wh_giveup/pay", { outcome: "failed" });
    await waitFor(() => received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(3);
    const verified = verify(received[0]!);
    expect(verified.ok && verified.event.type).toBe("PAYMENT_FAILED_WEBHOOK");
    await control("/config", { webhookRetryDelaysMs: [30, 60, 90] });
  });

  it("redelivers copies concurrently, badly signed, or late", async () => {
    await createOrder("ord_wh_redeliver");
    const paid = await control("/orders/ord_wh_redeliver/pay", { outcome: "success", deliver: false });
    expect(paid.webhook.first_delivery).toBeNull();
    expect(received).toHaveLength(0);

    const copies = await control("/webhooks/redeliver", { order_id: "ord_wh_redeliver", copies: 3 });
    expect(copies.deliveries).toHaveLength(3);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.rawBody)).size).toBe(1);
    expect(received.every((r) => verify(r).ok)).toBe(true);

    await control("/webhooks/redeliver", { order_id: "ord_wh_redeliver", signature: "bad" });
    expect(verify(received[3]!)).toEqual({ ok: false, reason: "bad_signature" });

    await control("/webhooks/redeliver", { order_id: "ord_wh_redeliver", timestamp_offset_ms: -6 * 60_000 });
    expect(verify(received[4]!)).toEqual({ ok: false, reason: "stale" });
  });

  it("delivers a chosen sequence out of order", async () => {
    await createOrder("ord_wh_seq");
    const failed = await control("/orders/ord_wh_seq/pay", { outcome: "failed", deliver: false });
    const success = await control("/orders/ord_wh_seq/pay", { outcome: "success", deliver: false });
    const result = await control("/webhooks/deliver-sequence", {
      order_id: "ord_wh_seq",
      events: [{ type: "PAYMENT_SUCCESS_WEBHOOK" }, { cf_payment_id: failed.payment.cf_payment_id }, success.payment.cf_payment_id],
    });
    expect(result.deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    const types = received.map((r) => {
      const verified = verify(r);
      return verified.ok ? verified.event.type : verified.reason;
    });
    expect(types).toEqual(["PAYMENT_SUCCESS_WEBHOOK", "PAYMENT_FAILED_WEBHOOK", "PAYMENT_SUCCESS_WEBHOOK"]);
  });

  it("sends a signed REFUND_STATUS_WEBHOOK when a refund settles", async () => {
    await createOrder("ord_wh_refund", 10);
    await control("/orders/ord_wh_refund/pay", { outcome: "success", deliver: false });
    await control("/config", { refundSettleDelayMs: 10 });
    const response = await fetch(`${emulator.url}/pg/orders/ord_wh_refund/refunds`, {
      method: "POST",
      headers: { ...API_HEADERS, "x-idempotency-key": "refund-1" },
      body: JSON.stringify({ refund_id: "rf_wh_1", refund_amount: 10 }),
    });
    expect(response.status).toBe(200);
    await waitFor(() => received.length >= 1);
    const verified = verify(received[0]!);
    expect(verified.ok && verified.event.kind === "refund" && verified.event.data).toMatchObject({
      refund_id: "rf_wh_1",
      refund_status: "SUCCESS",
      refund_amount: 10,
    });
    expect(received[0]!.rawBody).toContain('"refund_amount":10.00');
    // The documented webhook shape (Refund Webhooks, 2025-01-01), not Get Refund's.
    const refund = (JSON.parse(received[0]!.rawBody) as { data: { refund: Record<string, unknown> } }).data.refund;
    expect(Object.keys(refund)).toEqual([
      "cf_refund_id", "cf_payment_id", "refund_id", "order_id", "refund_amount", "refund_currency", "entity", "refund_type", "refund_arn",
      "refund_status", "status_description", "created_at", "processed_at", "refund_charge", "refund_note", "refund_splits", "metadata", "refund_mode",
    ]);
    expect(refund).toMatchObject({ entity: "Refund", refund_type: "MERCHANT_INITIATED", refund_mode: "STANDARD" });
  });
});
