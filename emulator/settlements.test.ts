import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { CashfreeApiError } from "../lib/cashfree/errors";
import { buildCreateOrderRequest } from "../lib/cashfree/order-fields";
import { startEmulator, type RunningEmulator } from "./server";
import { feeOf } from "./settlements";

const CLIENT_ID = "test_client_id";
const CLIENT_SECRET = "test_client_secret";

let emulator: RunningEmulator;
let client: CashfreeClient;
let sequence = 0;

const control = async (path: string, body: unknown = {}) => {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const period = () => ({ startDate: new Date(Date.now() - 3600_000).toISOString(), endDate: new Date(Date.now() + 3600_000).toISOString() });

async function paidOrder(amountPaise = 100_000) {
  const request = buildCreateOrderRequest({
    orderId: `ord_settle_${++sequence}_${Date.now()}`,
    amountPaise,
    customer: { id: "acct_1", phone: "+919876543210", email: "owner@example.com", name: "Owner" },
    returnUrl: "http://localhost:3000/billing/return?order_id={order_id}",
    notifyUrl: "http://127.0.0.1:1/never-called",
  });
  const orderId = request.order_id ?? "";
  await client.createOrder(request, { idempotencyKey: orderId });
  const paid = await control(`/orders/${orderId}/pay`, { outcome: "success", deliver: false });
  const payment = paid.json.payment as { cf_payment_id: string };
  return { orderId, cfPaymentId: payment.cf_payment_id };
}

beforeAll(async () => {
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [], refundSettleDelayMs: null });
  client = createCashfreeClient({ env: "emulator", baseUrl: `${emulator.url}/pg`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 0 });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  await control("/reset");
  await control("/config", { settlementDelayMs: 0, settlementFeeBps: 195 });
});

describe("settlement fees", () => {
  it.each([
    [100_000, 195, 1950, 351],
    [17_000, 195, 332, 60],
    [100, 195, 2, 0],
    [100_000, 0, 0, 0],
  ])("%i paise at %i bps → fee %i, GST %i", (amount, bps, fee, tax) => {
    expect(feeOf(amount, bps)).toEqual({ chargePaise: fee, taxPaise: tax });
  });
});

describe("settlements against the emulator", () => {
  it("settles a PAID payment with Cashfree's fee, the GST on it, a UTR and a settlement id", async () => {
    const { orderId, cfPaymentId } = await paidOrder();
    const recon = await client.getSettlementRecon(period());
    expect(recon.cursor).toBeNull();
    expect(recon.data).toHaveLength(1);
    const [event] = recon.data;
    expect(event).toMatchObject({
      entity: "recon",
      event_type: "PAYMENT",
      sale_type: "CREDIT",
      event_status: "SUCCESS",
      order_id: orderId,
      cf_payment_id: cfPaymentId,
      event_amount: 1000,
      payment_amount: 1000,
      payment_service_charge: 19.5,
      payment_service_tax: 3.51,
      event_settlement_amount: 976.99,
    });
    expect(event?.settlement_utr).toMatch(/^CFUTR\d{12}$/);
    expect(event?.cf_settlement_id).toMatch(/^\d+$/);

    const forOrder = await client.getSettlementForOrder(orderId);
    expect(forOrder).toMatchObject({ order_id: orderId, cf_payment_id: cfPaymentId, settlement_amount: 976.99, service_charge: 19.5, service_tax: 3.51 });
    expect(forOrder.transfer_utr).toBe(event?.settlement_utr);

    const all = await client.getSettlements(period());
    expect(all.data).toEqual([expect.objectContaining({ cf_settlement_id: event?.cf_settlement_id, payment_amount: 1000, settlement_amount: 976.99, status: "SUCCESS" })]);
    // Settled once: reading again adds nothing.
    expect((await client.getSettlementRecon(period())).data).toHaveLength(1);
  });

  it("waits for the configured delay; until then the order has no settlement", async () => {
    await control("/config", { settlementDelayMs: 3600_000 });
    const { orderId } = await paidOrder();
    expect((await client.getSettlementRecon(period())).data).toEqual([]);
    const error = await client.getSettlementForOrder(orderId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CashfreeApiError);
    expect(error).toMatchObject({ status: 404, code: "settlement_not_found" });
    await control("/config", { settlementDelayMs: 0 });
    expect((await client.getSettlementRecon(period())).data).toHaveLength(1);
  });

  it("debits a SUCCESS refund in the next settlement, and pages with a cursor", async () => {
    const { orderId } = await paidOrder();
    await client.getSettlementRecon(period());
    await client.createRefund(orderId, { refund_amount: 250, refund_id: "rf_settle_1" }, { idempotencyKey: "rf_settle_1" });
    await control("/refunds/rf_settle_1/settle", { deliver: false });
    const first = await client.getSettlementRecon({ ...period(), limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await client.getSettlementRecon({ ...period(), limit: 1, cursor: first.cursor });
    expect(second.cursor).toBeNull();
    expect(second.data[0]).toMatchObject({ event_type: "REFUND", sale_type: "DEBIT", refund_id: "rf_settle_1", event_amount: 250, event_settlement_amount: 250, order_id: orderId });
    expect(second.data[0]?.cf_settlement_id).not.toBe(first.data[0]?.cf_settlement_id);
  });

  it("injects mismatches: a changed amount, an unknown order, a dropped payment, an added and a dropped refund", async () => {
    const changed = await paidOrder();
    const dropped = await paidOrder();
    const refunded = await paidOrder();
    await client.createRefund(refunded.orderId, { refund_amount: 100, refund_id: "rf_drop_1" }, { idempotencyKey: "rf_drop_1" });
    await control("/refunds/rf_drop_1/settle", { deliver: false });

    expect((await control("/settlements/mismatch", { kind: "change_amount", order_id: changed.orderId, settlement_amount: 900 })).status).toBe(200);
    expect((await control("/settlements/mismatch", { kind: "unknown_order", order_id: "ord_nobody_knows", amount: 42 })).status).toBe(200);
    expect((await control("/settlements/mismatch", { kind: "drop", order_id: dropped.orderId })).json).toEqual({ dropped: 1 });
    expect((await control("/settlements/mismatch", { kind: "add_refund", order_id: changed.orderId, refund_id: "rf_ghost", amount: 10 })).status).toBe(200);
    expect((await control("/settlements/mismatch", { kind: "drop_refund", refund_id: "rf_drop_1" })).json).toEqual({ dropped: 1 });

    const events = (await client.getSettlementRecon({ ...period(), limit: 1000 })).data;
    const line = (match: (e: (typeof events)[number]) => boolean) => events.filter(match);
    expect(line((e) => e.order_id === changed.orderId && e.event_type === "PAYMENT").map((e) => e.event_settlement_amount)).toEqual([900]);
    expect(line((e) => e.order_id === "ord_nobody_knows")).toHaveLength(1);
    expect(line((e) => e.order_id === dropped.orderId)).toEqual([]);
    expect(line((e) => e.refund_id === "rf_ghost").map((e) => e.event_amount)).toEqual([10]);
    expect(line((e) => e.refund_id === "rf_drop_1")).toEqual([]);

    const unknownKind = await control("/settlements/mismatch", { kind: "nonsense" });
    expect(unknownKind.status).toBe(400);
  });

  it("refuses a query without a period or ids, and a bad cursor", async () => {
    const post = async (body: unknown) =>
      fetch(`${emulator.url}/pg/settlement/recon`, {
        method: "POST",
        headers: { "x-client-id": CLIENT_ID, "x-client-secret": CLIENT_SECRET, "x-api-version": "2025-01-01", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const noFilters = await post({ pagination: { limit: 10 }, filters: {} });
    expect(noFilters.status).toBe(400);
    expect(await noFilters.json()).toMatchObject({ code: "request_failed", type: "invalid_request_error" });
    expect((await post({ filters: { start_date: "2026-01-01T00:00:00Z", end_date: "2026-01-02T00:00:00Z" } })).status).toBe(400);
    expect((await post({ pagination: { limit: 10, cursor: "!!" }, filters: { start_date: "2026-01-01T00:00:00Z", end_date: "2026-01-02T00:00:00Z" } })).status).toBe(400);
  });
});
