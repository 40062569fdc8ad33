import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "./server";

const CLIENT_ID = "co_client_id";
const CLIENT_SECRET = "co_client_secret";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, webhookRetryDelaysMs: [] });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await fetch(`${emulator.url}/__control/reset`, { method: "POST" });
});

async function createOrder(orderId: string): Promise<string> {
  const response = await fetch(`${emulator.url}/pg/orders`, {
    method: "POST",
    headers: {
      "x-client-id": CLIENT_ID,
      "x-client-secret": CLIENT_SECRET,
      "x-api-version": "2025-01-01",
      "x-idempotency-key": orderId,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      order_id: orderId,
      order_amount: 5000,
      order_currency: "INR",
      customer_details: { customer_id: "c1", customer_phone: "9876543210" },
      // nothing listens on port 1: delivery fails fast and is not retried (webhookRetryDelaysMs: [])
      order_meta: { return_url: "http://localhost:3000/billing/return?order_id={order_id}", notify_url: "http://127.0.0.1:1/hook" },
    }),
  });
  const body = (await response.json()) as { payment_session_id: string };
  return body.payment_session_id;
}

const submit = (sessionId: string, instrument: string) =>
  fetch(`${emulator.url}/checkout/${sessionId}/pay`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ instrument }),
  });

const orderStatus = async (orderId: string) => {
  const response = await fetch(`${emulator.url}/__control/orders/${orderId}`);
  return (await response.json()) as { order: { order_status: string }; payments: { payment_status: string; cf_payment_id: string | number }[] };
};

describe("hosted checkout", () => {
  it("shows the amount and every test instrument with stable test ids", async () => {
    const sessionId = await createOrder("ord_co_page");
    const response = await fetch(`${emulator.url}/checkout/${sessionId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("₹5,000.00");
    expect(html).toContain("ord_co_page");
    for (const testId of ["pay-success-card", "pay-failure-card", "pay-upi-success", "pay-upi-failure", "pay-upi-pending", "close-checkout"]) {
      expect(html).toContain(`data-testid="${testId}"`);
    }
    expect(html).toContain(">Pay with success card</button>");
    expect(html).toContain("4111 1111 1111 1111");
    expect(html).toContain("testfailure@gocash");
  });

  it("redirects (303) to return_url with the order id and marks the order PAID", async () => {
    const sessionId = await createOrder("ord_co_pay");
    const response = await submit(sessionId, "success_card");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://localhost:3000/billing/return?order_id=ord_co_pay");
    const state = await orderStatus("ord_co_pay");
    expect(state.order.order_status).toBe("PAID");
    expect(state.payments.map((p) => p.payment_status)).toEqual(["SUCCESS"]);

    expect((await submit(sessionId, "upi_success")).status).toBe(409);
    const page = await (await fetch(`${emulator.url}/checkout/${sessionId}`)).text();
    expect(page).toContain("PAID and cannot be paid");
    expect(page).not.toContain('data-testid="pay-success-card"');
  });

  it("records failures and user drops as separate attempts, still redirecting", async () => {
    const sessionId = await createOrder("ord_co_fail");
    expect((await submit(sessionId, "failure_card")).status).toBe(303);
    expect((await submit(sessionId, "close")).status).toBe(303);
    expect((await submit(sessionId, "upi_failure")).status).toBe(303);
    const state = await orderStatus("ord_co_fail");
    expect(state.order.order_status).toBe("ACTIVE");
    expect(state.payments.map((p) => p.payment_status)).toEqual(["FAILED", "USER_DROPPED", "FAILED"]);
  });

  it("leaves a slow-bank UPI attempt PENDING (order still ACTIVE) until the control API resolves it", async () => {
    const sessionId = await createOrder("ord_co_pending");
    expect((await submit(sessionId, "upi_pending")).status).toBe(303);
    let state = await orderStatus("ord_co_pending");
    expect(state.order.order_status).toBe("ACTIVE");
    expect(state.payments.map((p) => p.payment_status)).toEqual(["PENDING"]);
    const cfPaymentId = state.payments[0]!.cf_payment_id;
    const resolved = await fetch(`${emulator.url}/__control/payments/${cfPaymentId}/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "success", deliver: false }),
    });
    expect(resolved.status).toBe(200);
    state = await orderStatus("ord_co_pending");
    expect(state.order.order_status).toBe("PAID");
    expect(state.payments.map((p) => p.payment_status)).toEqual(["SUCCESS"]);
  });

  it("404s an unknown session", async () => {
    expect((await fetch(`${emulator.url}/checkout/session_nope`)).status).toBe(404);
  });
});

describe("cashfree.js stand-in", () => {
  it("defines window.Cashfree whose checkout navigates to the emulator checkout", async () => {
    const response = await fetch(`${emulator.url}/cashfree.js`);
    expect(response.headers.get("content-type")).toContain("javascript");
    const source = await response.text();

    const assigned: string[] = [];
    type CheckoutResult = { error?: { code: string } };
    type FakeWindow = {
      location: { assign(url: string): void };
      Cashfree?: (options: { mode: string }) => { checkout(options: { paymentSessionId?: string; redirectTarget?: string }): Promise<CheckoutResult> };
    };
    const window: FakeWindow = { location: { assign: (url: string) => void assigned.push(url) } };
    runInNewContext(source, { window, console, Promise, encodeURIComponent });
    if (!window.Cashfree) throw new Error("cashfree.js did not define window.Cashfree");
    const cashfree = window.Cashfree({ mode: "sandbox" });
    await expect(cashfree.checkout({ paymentSessionId: "session_abc", redirectTarget: "_self" })).resolves.toEqual({});
    expect(assigned).toEqual([`${emulator.url}/checkout/session_abc`]);
    await expect(cashfree.checkout({})).resolves.toMatchObject({ error: { code: "payment_session_id_invalid" } });
  });
});
