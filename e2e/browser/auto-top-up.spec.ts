import { expect, request, test } from "@playwright/test";
import { BASE_URL, EMULATOR_URL, sessionClient, signUp, uniqueEmail } from "../fixtures";

/**
 * Issue 19 (auto top-up): a fresh account on Starter authorises its renewal mandate in the emulator, the owner
 * switches auto top-up on from the Plans page, and 20 concurrent usage calls through an API key take the balance
 * across the threshold: the worker raises exactly one charge on the mandate, the signed success webhook settles
 * it, and the page shows the paid top-up.
 */
const PASSWORD = "auto-top-up-e2e-123";
const PROFILE = { legal_name: "Topup Labs Pvt Ltd", address_line1: "1 MG Road", city: "Bengaluru", postal_code: "560001", state_code: "29", phone: "9876543210", email: "billing@topup.test" };

test("switch on auto top-up, spend across the threshold with a key, see one top-up fire", async ({ page }) => {
  // A plan payment, a mandate and a charge each settle through the emulator's webhooks on a shared 2-CPU machine.
  test.setTimeout(180_000);
  const email = uniqueEmail("autotopup");
  await signUp(page, { name: "Asha Iyer", company: "Topup Labs", email, password: PASSWORD });
  const owner = await sessionClient(email, PASSWORD);
  const balance = async () => ((await (await owner.get("/api/v1/balance")).json()) as { balance: number }).balance;

  // Starter (1,000 credits), paid in the emulator.
  expect((await owner.put("/api/v1/account/billing-profile", { data: PROFILE })).ok()).toBe(true);
  const order = await owner.post("/api/v1/payments/create-order", { data: { type: "plan_upgrade", plan: "starter" } });
  expect(order.status()).toBe(201);
  const { order_id } = (await order.json()) as { order_id: string };
  const pay = await fetch(`${EMULATOR_URL}/__control/orders/${order_id}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "success" }) });
  expect(pay.status).toBe(200);
  await expect.poll(balance, { timeout: 30_000 }).toBe(1000);

  // The renewal mandate (₹999 per charge), authorised on the emulator's hosted page.
  const started = await owner.post("/api/v1/subscriptions", { data: { plan: "starter" } });
  expect(started.status()).toBe(201);
  const { subscription_id, authorization_url } = (await started.json()) as { subscription_id: string; authorization_url: string };
  expect((await fetch(`${authorization_url}/approve`, { method: "POST", redirect: "manual" })).status).toBe(303);
  const state = async () => (await (await owner.get("/api/v1/auto-top-up")).json()) as { mandate: { active: boolean }; last_charge: { status: string; amount: number } | null };
  await expect.poll(async () => (await state()).mandate.active, { timeout: 30_000 }).toBe(true);

  // The owner switches auto top-up on: ₹100 when the balance falls below 1,000 credits, at most ₹1,000 a month.
  await page.goto("/billing/plans");
  const form = page.getByTestId("auto-top-up-form");
  await form.getByLabel("When the balance falls below (credits)").fill("1000");
  await form.getByLabel("Top up (₹, 1 credit = ₹1)").fill("100");
  await form.getByLabel("At most per month (₹)").fill("1000");
  await form.getByLabel("Top up automatically from my mandate").check();
  await page.getByTestId("auto-top-up-save").click();
  await expect(form).toContainText("Auto top-up is on: ₹100 when the balance falls below 1,000 credits.");

  // 20 concurrent usage calls of 1 credit: the first crosses the threshold, the rest are increments below it.
  const created = (await (await owner.post("/api/v1/api-keys", { data: { name: "auto top-up e2e" } })).json()) as { key: string };
  const machine = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": created.key } });
  const run = Date.now();
  const used = await Promise.all(Array.from({ length: 20 }, (_, i) => machine.post("/api/v1/usage", { data: { event_id: `atu-${run}-${i}`, credits: 1 } })));
  expect(used.map((u) => u.status())).toEqual(Array(20).fill(201));

  // The worker raises one charge; the success webhook settles it: 980 + 100 credits.
  await expect.poll(async () => (await state()).last_charge?.status, { timeout: 60_000 }).toBe("succeeded");
  await expect.poll(balance, { timeout: 30_000 }).toBe(1080);
  const control = (await (await fetch(`${EMULATOR_URL}/__control/subscriptions`)).json()) as { payments: Array<{ subscription_id: string; payment_type?: string; payment_amount: number }> };
  const charges = control.payments.filter((p) => p.subscription_id === subscription_id && p.payment_type === "CHARGE");
  expect(charges.map((c) => c.payment_amount)).toEqual([100]);

  await page.reload();
  await expect(page.getByTestId("auto-top-up-last")).toContainText("Last auto top-up: ₹100, paid");
  await machine.dispose();
  await owner.dispose();
});
