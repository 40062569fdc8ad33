import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCashfreeClient, type CashfreeClient } from "../lib/cashfree/client";
import { verifySubscriptionWebhook } from "../lib/cashfree/subscription-webhook";
import { startReceiver, type Receiver } from "../lib/testing/webhook-receiver";
import { startEmulator, type RunningEmulator } from "./server";

const SECRET = "pg_secret";
let emulator: RunningEmulator;
let receiver: Receiver;
let client: CashfreeClient;

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator({ clientId: "pg_client", clientSecret: SECRET, webhookRetryDelaysMs: [] });
  client = createCashfreeClient({ env: "emulator", baseUrl: `${emulator.url}/pg`, clientId: "pg_client", clientSecret: SECRET, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await fetch(`${emulator.url}/__control/reset`, { method: "POST" });
  receiver.received.length = 0;
});

const verified = (i: number) => {
  const hook = receiver.received[i]!;
  return verifySubscriptionWebhook({ rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>), secret: SECRET });
};

async function authorisedSubscription(id: string) {
  await client.createPlan({ plan_id: `plan_${id}`, plan_name: "Growth renewal", plan_type: "ON_DEMAND", plan_currency: "INR", plan_max_amount: 5000 }, { idempotencyKey: `plan_${id}` });
  const sub = await client.createSubscription(
    { subscription_id: id, customer_details: { customer_phone: "9876543210", customer_email: "o@example.com" }, plan_details: { plan_id: `plan_${id}` }, subscription_meta: { notify_url: receiver.url, return_url: "http://khata.test/plans" } },
    { idempotencyKey: `sub_${id}` },
  );
  return sub;
}

describe("emulator: Cashfree Subscriptions (2025-01-01)", () => {
  it("create plan → subscription INITIALIZED with a session; the hosted page approves → ACTIVE, signed SUBSCRIPTION_AUTH_STATUS", async () => {
    const sub = await authorisedSubscription("kh_sub_1");
    expect(sub).toMatchObject({ subscription_id: "kh_sub_1", subscription_status: "INITIALIZED", plan_details: { plan_max_amount: 5000 } });
    expect(sub.subscription_session_id).toMatch(/^sub_session_/);
    const page = await fetch(`${emulator.url}/subscriptions/checkout/${sub.subscription_session_id}`);
    expect(await page.text()).toContain("₹5000.00");
    const approve = await fetch(`${emulator.url}/subscriptions/checkout/${sub.subscription_session_id}/approve`, { method: "POST", redirect: "manual" });
    expect(approve.status).toBe(303);
    expect(approve.headers.get("location")).toBe("http://khata.test/plans?subscription_id=kh_sub_1");
    await emulator.subscriptions.settled();
    expect(await client.getSubscription("kh_sub_1")).toMatchObject({ subscription_status: "ACTIVE", authorisation_details: { authorization_status: "ACTIVE" } });
    expect(verified(0)).toMatchObject({ ok: true, event: { type: "SUBSCRIPTION_AUTH_STATUS", data: { subscription_id: "kh_sub_1", payment_status: "SUCCESS", authorization_details: { authorization_status: "ACTIVE" } } } });
    expect(verified(1)).toMatchObject({ ok: true, event: { type: "SUBSCRIPTION_STATUS_CHANGED", data: { subscription_details: { subscription_status: "ACTIVE" } } } });
    const tampered = receiver.received[0]!;
    expect(verifySubscriptionWebhook({ rawBody: tampered.body.replace("SUCCESS", "FAILED"), headers: new Headers(tampered.headers as Record<string, string>), secret: SECRET })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("a declined mandate stays INITIALIZED-not-active and refuses charges", async () => {
    const sub = await authorisedSubscription("kh_sub_2");
    await fetch(`${emulator.url}/subscriptions/checkout/${sub.subscription_session_id}/decline`, { method: "POST", redirect: "manual" });
    await emulator.subscriptions.settled();
    expect(verified(0)).toMatchObject({ ok: true, event: { type: "SUBSCRIPTION_AUTH_STATUS", data: { payment_status: "FAILED" } } });
    await expect(client.raiseSubscriptionCharge({ subscription_id: "kh_sub_2", payment_id: "c1", payment_amount: 100, payment_type: "CHARGE" })).rejects.toMatchObject({ status: 422 });
  });

  it("a charge: the same payment_id twice is one charge; SUCCESS webhook signed; over the mandate max refused", async () => {
    await authorisedSubscription("kh_sub_3");
    await fetch(`${emulator.url}/__control/subscriptions/kh_sub_3/authorise`, { method: "POST", body: "{}" });
    const request = { subscription_id: "kh_sub_3", payment_id: "rn_acc_2026-12", payment_amount: 2999, payment_schedule_date: "2026-12-05T10:00:00+05:30", payment_type: "CHARGE" as const };
    const [a, b] = await Promise.all([client.raiseSubscriptionCharge(request), client.raiseSubscriptionCharge(request)]);
    expect(a.cf_payment_id).toBe(b.cf_payment_id);
    await emulator.subscriptions.settled();
    expect([...emulator.subscriptions.payments.values()].filter((p) => p.type === "CHARGE")).toHaveLength(1);
    const success = receiver.received.map((_, i) => verified(i)).filter((v) => v.ok && v.event.type === "SUBSCRIPTION_PAYMENT_SUCCESS");
    expect(success).toHaveLength(1);
    expect(receiver.received.find((r) => r.body.includes("SUBSCRIPTION_PAYMENT_SUCCESS"))!.body).toContain('"payment_amount":2999.00');
    expect(await client.getSubscriptionPayment("kh_sub_3", "rn_acc_2026-12")).toMatchObject({ payment_status: "SUCCESS", payment_amount: 2999 });
    await expect(client.raiseSubscriptionCharge({ ...request, payment_amount: 100 })).rejects.toMatchObject({ status: 409, code: "payment_id_already_exists" });
    await expect(client.raiseSubscriptionCharge({ ...request, payment_id: "rn_big", payment_amount: 5000.01 })).rejects.toMatchObject({ status: 400 });
  });

  it("the control endpoint makes the next charge fail (SUBSCRIPTION_PAYMENT_FAILED) or stay PENDING until resolved", async () => {
    await authorisedSubscription("kh_sub_4");
    await fetch(`${emulator.url}/__control/subscriptions/kh_sub_4/authorise`, { method: "POST", body: "{}" });
    await fetch(`${emulator.url}/__control/subscriptions/next-charge`, { method: "POST", body: JSON.stringify({ outcome: "FAILED" }) });
    await fetch(`${emulator.url}/__control/subscriptions/next-charge`, { method: "POST", body: JSON.stringify({ outcome: "PENDING" }) });
    await client.raiseSubscriptionCharge({ subscription_id: "kh_sub_4", payment_id: "f1", payment_amount: 10, payment_type: "CHARGE" });
    const pending = await client.raiseSubscriptionCharge({ subscription_id: "kh_sub_4", payment_id: "p1", payment_amount: 10, payment_type: "CHARGE" });
    expect(pending.payment_status).toBe("PENDING");
    await emulator.subscriptions.settled();
    expect(await client.getSubscriptionPayment("kh_sub_4", "f1")).toMatchObject({ payment_status: "FAILED" });
    expect(receiver.received.some((r) => r.body.includes("SUBSCRIPTION_PAYMENT_FAILED"))).toBe(true);
    const resolved = await fetch(`${emulator.url}/__control/subscriptions/payments/p1/resolve`, { method: "POST", body: JSON.stringify({ outcome: "SUCCESS" }) });
    expect(resolved.status).toBe(200);
    expect(await client.getSubscriptionPayment("kh_sub_4", "p1")).toMatchObject({ payment_status: "SUCCESS" });
  });

  it("manage: pause, activate, cancel; a cancelled mandate takes no charge", async () => {
    await authorisedSubscription("kh_sub_5");
    await fetch(`${emulator.url}/__control/subscriptions/kh_sub_5/authorise`, { method: "POST", body: "{}" });
    expect(await client.manageSubscription("kh_sub_5", "PAUSE", { idempotencyKey: "m1" })).toMatchObject({ subscription_status: "PAUSED" });
    expect(await client.manageSubscription("kh_sub_5", "ACTIVATE", { idempotencyKey: "m2" })).toMatchObject({ subscription_status: "ACTIVE" });
    expect(await client.manageSubscription("kh_sub_5", "CANCEL", { idempotencyKey: "m3" })).toMatchObject({ subscription_status: "CANCELLED" });
    await expect(client.raiseSubscriptionCharge({ subscription_id: "kh_sub_5", payment_id: "x", payment_amount: 10, payment_type: "CHARGE" })).rejects.toMatchObject({ status: 422 });
    await expect(client.getSubscription("kh_missing")).rejects.toMatchObject({ status: 404 });
  });

  it("a delivery not answered 2xx is sent again byte for byte until one is (Cashfree's retries), then no more", async () => {
    const retrying = await startEmulator({ clientId: "pg_client", clientSecret: SECRET, webhookRetryDelaysMs: [0, 0, 0] });
    try {
      const c = createCashfreeClient({ env: "emulator", baseUrl: `${retrying.url}/pg`, clientId: "pg_client", clientSecret: SECRET, maxRetries: 0 });
      await c.createPlan({ plan_id: "plan_r", plan_name: "Retry", plan_type: "ON_DEMAND", plan_currency: "INR", plan_max_amount: 999 }, { idempotencyKey: "plan_r" });
      const sub = await c.createSubscription(
        { subscription_id: "kh_sub_r", customer_details: { customer_phone: "9876543210", customer_email: "o@example.com" }, plan_details: { plan_id: "plan_r" }, subscription_meta: { notify_url: receiver.url, return_url: "http://khata.test/plans" } },
        { idempotencyKey: "sub_r" },
      );
      // The first two deliveries of each event fail (a reset connection or a restarting app answers 5xx).
      const seen = new Map<string, number>();
      receiver.respond = (req) => {
        const n = (seen.get(req.body) ?? 0) + 1;
        seen.set(req.body, n);
        return { status: n <= 2 ? 503 : 200 };
      };
      await fetch(`${retrying.url}/subscriptions/checkout/${sub.subscription_session_id}/approve`, { method: "POST", redirect: "manual" });
      await vi.waitFor(() => expect(receiver.received.length).toBe(6), { timeout: 5000, interval: 10 });
      await retrying.subscriptions.settled();
      const auth = retrying.subscriptions.deliveries.filter((d) => d.type === "SUBSCRIPTION_AUTH_STATUS");
      expect(auth.map((d) => d.status)).toEqual([503, 503, 200]);
      expect(new Set(auth.map((d) => d.raw_body)).size).toBe(1);
      expect(retrying.subscriptions.deliveries).toHaveLength(6);
    } finally {
      receiver.respond = () => ({ status: 200 });
      await retrying.close();
    }
  });
});
