import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { CashfreeApiError } from "../lib/cashfree/errors";
import { buildCreateOrderRequest } from "../lib/cashfree/order-fields";
import { parseWebhookEvent } from "../lib/cashfree/webhook-events";
import { startEmulator, type RunningEmulator } from "./server";

const CLIENT_ID = "test_client_id";
const CLIENT_SECRET = "test_client_secret";

let emulator: RunningEmulator;
let client: CashfreeClient;
let sequence = 0;

type Json = Record<string, unknown> & {
  code?: string;
  dispute?: { dispute_id: number; dispute_status: string; dispute_amount: number; respond_by: string };
  webhook?: { type: string; raw_body: string; idempotency_key: string };
};

const control = async (path: string, body: unknown = {}): Promise<{ status: number; json: Json }> => {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Json };
};

async function paidOrder(amountPaise = 50_000n): Promise<string> {
  const request = buildCreateOrderRequest({
    orderId: `ord_dispute_${++sequence}_${Date.now()}`,
    amountPaise,
    customer: { id: "acct_1", phone: "+919876543210", email: "owner@example.com", name: "Owner" },
    returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
    notifyUrl: "http://127.0.0.1:1/never-called",
  });
  const orderId = request.order_id ?? "";
  await client.createOrder(request, { idempotencyKey: orderId });
  await control(`/orders/${orderId}/pay`, { outcome: "success", deliver: false });
  return orderId;
}

async function raise(orderId: string, body: Record<string, unknown> = {}) {
  const raised = await control(`/orders/${orderId}/disputes`, { amount: 200, dispute_type: "CHARGEBACK", reason_code: "4855", deliver: false, ...body });
  expect(raised.status).toBe(200);
  return raised.json;
}

const evidence = (docType = "DeliveryProof") => ({
  fileName: "usage.txt",
  contentType: "text/plain",
  content: new TextEncoder().encode("credits consumed on 3 Dec"),
  docType,
  note: "The customer used the credits",
});

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

describe("emulator disputes", () => {
  it("a dispute raised on a paid order sends DISPUTE_CREATED shaped as Cashfree's and is readable by id and by order", async () => {
    const orderId = await paidOrder();
    const raised = await raise(orderId, { respond_by: "2026-12-10T23:59:59+05:30" });
    const webhook = raised.webhook!;
    expect(webhook.type).toBe("DISPUTE_CREATED");
    const event = parseWebhookEvent(JSON.parse(webhook.raw_body), "2025-01-01");
    expect(event).toMatchObject({
      kind: "dispute",
      type: "DISPUTE_CREATED",
      data: {
        dispute: { dispute_type: "CHARGEBACK", dispute_status: "CHARGEBACK_CREATED", dispute_amount: 200, reason_code: "4855", respond_by: "2026-12-10T23:59:59+05:30" },
        order_details: { order_id: orderId, order_amount: 500, payment_amount: 500 },
      },
    });
    const cfDisputeId = String(raised.dispute!.dispute_id);
    expect(event?.kind === "dispute" && event.data.dispute.dispute_id).toBe(cfDisputeId);

    const fetched = await client.getDispute(cfDisputeId);
    expect(fetched).toMatchObject({ dispute_id: cfDisputeId, dispute_status: "CHARGEBACK_CREATED", dispute_amount: 200, order_details: { order_id: orderId } });
    expect((await client.getDisputesForOrder(orderId)).map((d) => d.dispute_id)).toEqual([cfDisputeId]);
  });

  it("refuses disputes on unpaid orders and amounts above the payment", async () => {
    const orderId = await paidOrder();
    expect((await control(`/orders/${orderId}/disputes`, { amount: 501 })).status).toBe(400);
    expect((await control(`/orders/${orderId}/disputes`, { dispute_type: "NOPE" })).status).toBe(400);
    const request = buildCreateOrderRequest({
      orderId: `ord_unpaid_${Date.now()}`,
      amountPaise: 10_000n,
      customer: { id: "acct_1", phone: "+919876543210" },
      returnUrl: "http://localhost:3000/r?order_id={order_id}",
      notifyUrl: "http://127.0.0.1:1/never-called",
    });
    await client.createOrder(request, { idempotencyKey: request.order_id ?? "" });
    const unpaid = await control(`/orders/${request.order_id}/disputes`, {});
    expect(unpaid).toMatchObject({ status: 409, json: { code: "order_id_not_paid" } });
  });

  it("submit evidence records the document (multipart) and sends DISPUTE_UPDATED; the bank's decision sends DISPUTE_CLOSED", async () => {
    const orderId = await paidOrder();
    const cfDisputeId = String((await raise(orderId)).dispute!.dispute_id);
    const contested = await client.submitDisputeEvidence(cfDisputeId, evidence(), { idempotencyKey: `ev-${cfDisputeId}` });
    expect(contested.dispute_status).toBe("CHARGEBACK_DOCS_RECEIVED");
    expect(contested.dispute_evidence).toEqual([expect.objectContaining({ document_name: "usage.txt", document_type: "DeliveryProof" })]);
    const events = emulator.state.findDispute(cfDisputeId)!.dispute.eventIds.map((id) => emulator.state.events.get(id)!.type);
    expect(events).toEqual(["DISPUTE_CREATED", "DISPUTE_UPDATED"]);

    const closed = await control(`/disputes/${cfDisputeId}/close`, { outcome: "won", deliver: false });
    expect(closed.json.webhook!.type).toBe("DISPUTE_CLOSED");
    expect(parseWebhookEvent(JSON.parse(closed.json.webhook!.raw_body), "2025-01-01")).toMatchObject({
      data: { dispute: { dispute_status: "CHARGEBACK_MERCHANT_WON", resolved_at: expect.any(String) } },
    });
    expect((await control(`/disputes/${cfDisputeId}/close`, { outcome: "lost" })).status).toBe(409);
    await expect(client.acceptDispute(cfDisputeId)).rejects.toBeInstanceOf(CashfreeApiError);
  });

  it("accept closes the dispute as MERCHANT_ACCEPTED; evidence after that is refused", async () => {
    const orderId = await paidOrder();
    const cfDisputeId = String((await raise(orderId, { dispute_type: "DISPUTE" })).dispute!.dispute_id);
    const accepted = await client.acceptDispute(cfDisputeId);
    expect(accepted.dispute_status).toBe("DISPUTE_MERCHANT_ACCEPTED");
    const [created, closed] = emulator.state.findDispute(cfDisputeId)!.dispute.eventIds.map((id) => emulator.state.events.get(id)!);
    expect([created?.type, closed?.type]).toEqual(["DISPUTE_CREATED", "DISPUTE_CLOSED"]);
    const error = await client.submitDisputeEvidence(cfDisputeId, evidence(), { idempotencyKey: `late-${cfDisputeId}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: "dispute_closed" });
  });

  it("unknown disputes are 404; evidence needs a file and a doc_type", async () => {
    await expect(client.getDispute("999")).rejects.toMatchObject({ status: 404, code: "dispute_not_found" });
    const orderId = await paidOrder();
    const cfDisputeId = String((await raise(orderId)).dispute!.dispute_id);
    const error = await client.submitDisputeEvidence(cfDisputeId, evidence(""), { idempotencyKey: `bad-${cfDisputeId}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    const response = await fetch(`${emulator.url}/pg/disputes/${cfDisputeId}/documents`, {
      method: "POST",
      headers: { "x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET, "x-api-version": "2025-01-01", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
  });

  it("deliver-sequence picks dispute events by dispute_id and type, in any order", async () => {
    const orderId = await paidOrder();
    const cfDisputeId = String((await raise(orderId)).dispute!.dispute_id);
    await control(`/disputes/${cfDisputeId}/close`, { outcome: "lost", deliver: false });
    const sequenced = await control("/webhooks/deliver-sequence", {
      order_id: orderId,
      events: [
        { dispute_id: cfDisputeId, type: "DISPUTE_CLOSED" },
        { dispute_id: cfDisputeId, type: "DISPUTE_CREATED" },
      ],
    });
    const deliveries = sequenced.json.deliveries as { type: string; dispute_id: string }[];
    expect(deliveries.map((d) => [d.type, d.dispute_id])).toEqual([
      ["DISPUTE_CLOSED", cfDisputeId],
      ["DISPUTE_CREATED", cfDisputeId],
    ]);
  });
});
