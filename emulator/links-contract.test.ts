import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { CashfreeApiError } from "../lib/cashfree/errors";
import type { CreateLinkRequest } from "../lib/cashfree/types";
import { verifyWebhook } from "../lib/cashfree/webhook";
import { startEmulator, type RunningEmulator } from "./server";

// Payment Links as lib/cashfree calls them (Create, Fetch, Cancel, Get Orders for a Payment Link), the hosted link
// page that reuses the checkout, and the signed PAYMENT_LINK_EVENT beside the link order's payment webhooks.
const CLIENT_ID = "links_client_id";
const CLIENT_SECRET = "links_client_secret";

type Received = { headers: IncomingHttpHeaders; rawBody: string };
let emulator: RunningEmulator;
let client: CashfreeClient;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let onReceived: (() => void) | null = null;
let sequence = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
      onReceived?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [] });
  client = createCashfreeClient({ env: "emulator", baseUrl: `${emulator.url}/pg`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 0 });
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
});

const linkRequest = (overrides: Partial<CreateLinkRequest> = {}): CreateLinkRequest => ({
  link_id: `cm_link_${++sequence}_${Date.now()}`,
  link_amount: 250,
  link_currency: "INR",
  link_purpose: "Khata prepaid credits: 250",
  customer_details: { customer_phone: "9876543210", customer_name: "Jane Smith", customer_email: "jane@example.com" },
  link_partial_payments: false,
  link_expiry_time: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
  link_notify: { send_sms: false, send_email: false },
  link_notes: { account_id: "acc_1" },
  link_meta: { notify_url: receiverUrl },
  ...overrides,
});

const controlPost = async (path: string, body: unknown = {}) => {
  const response = await fetch(`${emulator.url}/__control${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

async function apiError(promise: Promise<unknown>): Promise<CashfreeApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CashfreeApiError);
  return error as CashfreeApiError;
}

const parsedBodies = () => received.map((r) => JSON.parse(r.rawBody) as { type: string; data: Record<string, unknown> });

/** Resolves once the receiver has had `count` deliveries (the test's timeout is the bound; no sleeping). */
async function waitForWebhooks(count: number) {
  await new Promise<void>((resolve) => {
    const check = () => {
      if (received.length < count) return;
      onReceived = null;
      resolve();
    };
    onReceived = check;
    check();
  });
  expect(received.length).toBeGreaterThanOrEqual(count);
}

describe("payment links against the emulator", () => {
  it("creates a link shaped like Cashfree's and fetches it; a repeated link_id is 409, bad input 400", async () => {
    const request = linkRequest();
    const link = await client.createLink(request, { idempotencyKey: request.link_id });
    expect(link).toMatchObject({
      link_id: request.link_id,
      link_status: "ACTIVE",
      link_currency: "INR",
      link_amount: 250,
      link_amount_paid: 0,
      link_purpose: request.link_purpose,
      customer_details: { customer_phone: "9876543210", customer_name: "Jane Smith", customer_email: "jane@example.com" },
    });
    expect(link.cf_link_id).toMatch(/^\d+$/);
    expect(link.link_url).toMatch(new RegExp(`^${emulator.url}/links/[A-Za-z0-9_-]+$`));
    expect(Date.parse(link.link_expiry_time!)).toBeCloseTo(Date.parse(request.link_expiry_time!), -4);
    expect(await client.getLink(request.link_id)).toMatchObject({ cf_link_id: link.cf_link_id, link_status: "ACTIVE" });

    const twin = await apiError(client.createLink(request, { idempotencyKey: `${request.link_id}-again` }));
    expect(twin).toMatchObject({ status: 409, code: "link_id_already_exists" });
    const replay = await client.createLink(request, { idempotencyKey: request.link_id });
    expect(replay.cf_link_id).toBe(link.cf_link_id);

    const bad = linkRequest({ link_amount: 0.5 });
    expect(await apiError(client.createLink(bad, { idempotencyKey: bad.link_id }))).toMatchObject({ status: 400, code: "link_amount_invalid" });
    const badPhone = linkRequest({ customer_details: { customer_phone: "12345" } });
    expect(await apiError(client.createLink(badPhone, { idempotencyKey: badPhone.link_id }))).toMatchObject({ status: 400, code: "customer_phone_invalid" });
    expect(await apiError(client.getLink("no_such_link"))).toMatchObject({ status: 404, code: "link_not_found" });
  });

  it("the link page opens one order (two tabs share it) on the ordinary checkout; paying sends the payment webhook and PAYMENT_LINK_EVENT", async () => {
    const request = linkRequest();
    const link = await client.createLink(request, { idempotencyKey: request.link_id });
    const tab1 = await fetch(link.link_url, { redirect: "manual" });
    const tab2 = await fetch(link.link_url, { redirect: "manual" });
    expect(tab1.status).toBe(303);
    expect(tab2.headers.get("location")).toBe(tab1.headers.get("location"));
    expect(tab1.headers.get("location")).toMatch(/^\/checkout\/session_/);

    const orders = await client.getLinkOrders(request.link_id);
    expect(orders).toHaveLength(1);
    const order = orders[0]!;
    expect(order.order_id).toMatch(/^CFPay_/);
    expect(order).toMatchObject({ order_status: "ACTIVE", order_amount: 250, order_tags: { link_id: request.link_id, cf_link_id: link.cf_link_id } });

    const checkout = await fetch(`${emulator.url}${tab1.headers.get("location")}`);
    expect(await checkout.text()).toContain('data-testid="pay-success-card"');
    const session = tab1.headers.get("location")!.split("/").at(-1)!;
    const pay = (instrument: string) =>
      fetch(`${emulator.url}/checkout/${session}/pay`, { method: "POST", body: new URLSearchParams({ instrument }), redirect: "manual" });
    expect((await pay("success_card")).status).toBe(200);
    expect((await pay("success_card")).status).toBe(409); // the second tab: the order is already paid

    await waitForWebhooks(2);
    const types = parsedBodies().map((b) => b.type).sort();
    expect(types).toEqual(["PAYMENT_LINK_EVENT", "PAYMENT_SUCCESS_WEBHOOK"]);
    for (const r of received) {
      const verified = verifyWebhook({ rawBody: r.rawBody, headers: r.headers as Record<string, string>, secret: CLIENT_SECRET });
      expect(verified.ok).toBe(true);
    }
    const linkEvent = received.find((r) => r.rawBody.includes('"PAYMENT_LINK_EVENT"'))!;
    // Cashfree's sample writes link money as strings and cf_link_id / transaction_id as numbers.
    expect(linkEvent.rawBody).toContain('"link_amount":"250.00"');
    expect(linkEvent.rawBody).toContain(`"cf_link_id":${link.cf_link_id}`);
    const body = JSON.parse(linkEvent.rawBody) as { version: number; data: Record<string, unknown> & { order: Record<string, unknown> } };
    expect(body.version).toBe(1);
    expect(body.data).toMatchObject({ link_id: request.link_id, link_status: "PAID", link_amount_paid: "250.00" });
    const payments = await client.getPaymentsForOrder(order.order_id);
    expect(payments.filter((p) => p.payment_status === "SUCCESS")).toHaveLength(1);
    expect(body.data.order).toMatchObject({ order_id: order.order_id, order_amount: "250.00", transaction_id: Number(payments[0]!.cf_payment_id), transaction_status: "SUCCESS" });
    const paymentEvent = parsedBodies().find((b) => b.type === "PAYMENT_SUCCESS_WEBHOOK")!;
    expect(paymentEvent.data.order).toMatchObject({ order_id: order.order_id, order_tags: { link_id: request.link_id } });

    expect(await client.getLink(request.link_id)).toMatchObject({ link_status: "PAID", link_amount_paid: 250 });
    const paidPage = await fetch(link.link_url, { redirect: "manual" });
    expect(paidPage.status).toBe(200);
    expect(await paidPage.text()).toContain("This payment link is PAID");
  });

  it("a failed attempt keeps the link ACTIVE and sends no link event; the control API pays it like the page", async () => {
    const request = linkRequest();
    await client.createLink(request, { idempotencyKey: request.link_id });
    const failed = await controlPost(`/links/${request.link_id}/pay`, { outcome: "failed" });
    expect(failed.status).toBe(200);
    expect(failed.json.link_webhook).toBeNull();
    expect(await client.getLink(request.link_id)).toMatchObject({ link_status: "ACTIVE" });
    const paid = await controlPost(`/links/${request.link_id}/pay`, { outcome: "success" });
    expect(paid.json).toMatchObject({ link: { link_status: "PAID" }, link_webhook: { type: "PAYMENT_LINK_EVENT" } });
    // Both attempts were on the link's one open order.
    expect(await client.getLinkOrders(request.link_id)).toHaveLength(1);
    expect((await controlPost(`/links/${request.link_id}/pay`, { outcome: "success" })).status).toBe(409);
  });

  it("cancels only an ACTIVE link: its open order is terminated and PAYMENT_LINK_EVENT says CANCELLED with no order", async () => {
    const request = linkRequest();
    const link = await client.createLink(request, { idempotencyKey: request.link_id });
    await fetch(link.link_url, { redirect: "manual" });
    const cancelled = await client.cancelLink(request.link_id, { idempotencyKey: `cancel-${request.link_id}` });
    expect(cancelled.link_status).toBe("CANCELLED");
    expect((await client.getLinkOrders(request.link_id))[0]!.order_status).toBe("TERMINATED");
    await waitForWebhooks(1);
    expect(parsedBodies()[0]).toMatchObject({ type: "PAYMENT_LINK_EVENT", data: { link_status: "CANCELLED", order: null } });
    const again = await apiError(client.cancelLink(request.link_id, { idempotencyKey: `cancel-again-${request.link_id}` }));
    expect(again).toMatchObject({ status: 400, code: "link_not_active" });
    expect((await fetch(link.link_url, { redirect: "manual" })).status).toBe(200);
  });

  it("an expired link takes no payment and reports EXPIRED", async () => {
    const request = linkRequest();
    await client.createLink(request, { idempotencyKey: request.link_id });
    const expired = await controlPost(`/links/${request.link_id}/expire`);
    expect(expired.json).toMatchObject({ link: { link_status: "EXPIRED" }, link_webhook: { type: "PAYMENT_LINK_EVENT" } });
    expect(await client.getLink(request.link_id)).toMatchObject({ link_status: "EXPIRED" });
    expect((await controlPost(`/links/${request.link_id}/pay`, { outcome: "success" })).status).toBe(409);
  });
});
