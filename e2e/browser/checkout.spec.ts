import { expect, test, type Page } from "@playwright/test";
import { DEMO, EMULATOR_URL, signIn } from "../fixtures";

/**
 * Issue 3: the browser checkout path through @cashfreepayments/cashfree-js (the emulator's cashfree.js loaded
 * first), for each test instrument: the return URL is reached and the emulator's signed webhook arrives at
 * Khata and verifies (Khata answers 2xx only to a valid signature; a forged one gets 401).
 */
interface Delivery {
  order_id: string;
  type: string;
  status: number | null;
  signature: string;
  response_body: string | null;
}

async function deliveriesFor(orderId: string): Promise<Delivery[]> {
  const res = await fetch(`${EMULATOR_URL}/__control/webhooks/log`);
  const { deliveries } = (await res.json()) as { deliveries: Delivery[] };
  return deliveries.filter((d) => d.order_id === orderId);
}

async function checkout(page: Page, instrument: string): Promise<string> {
  await page.goto("/billing/top-up");
  await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
  await page.getByLabel("Credits to buy").fill("42");
  await page.getByRole("button", { name: "Pay ₹42.00" }).click();
  // The SDK navigated to the hosted checkout for this order's payment_session_id.
  await page.waitForURL(/\/checkout\/session_/);
  expect(new URL(page.url()).origin).toBe(new URL(EMULATOR_URL).origin);
  await page.getByTestId(instrument).click();
  await page.waitForURL(/\/billing\/return\?order_id=cm_[0-9a-f]{16}/);
  return new URL(page.url()).searchParams.get("order_id")!;
}

const CASES = [
  { instrument: "pay-success-card", type: "PAYMENT_SUCCESS_WEBHOOK", shown: "payment-success" },
  { instrument: "pay-failure-card", type: "PAYMENT_FAILED_WEBHOOK", shown: null },
  { instrument: "close-checkout", type: "PAYMENT_USER_DROPPED_WEBHOOK", shown: null },
] as const;

for (const c of CASES) {
  test(`checkout with ${c.instrument}: return URL reached, signed ${c.type} arrives and verifies`, async ({ page }) => {
    await signIn(page, DEMO.owner);
    const orderId = await checkout(page, c.instrument);
    await expect
      .poll(async () => (await deliveriesFor(orderId)).filter((d) => d.type === c.type && d.status === 200).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const first = (await deliveriesFor(orderId)).find((d) => d.type === c.type)!;
    expect(first.signature).toBe("valid");
    expect(first.response_body).toContain('"received":true');
    if (c.shown) await expect(page.getByTestId(c.shown)).toBeVisible();
  });
}

test("a webhook with a forged signature is refused with 401 and changes nothing", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const orderId = await checkout(page, "pay-success-card");
  const res = await fetch(`${EMULATOR_URL}/__control/webhooks/redeliver`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ order_id: orderId, signature: "bad" }),
  });
  const { deliveries } = (await res.json()) as { deliveries: Delivery[] };
  expect(deliveries[0]!.status).toBe(401);
  expect(deliveries[0]!.response_body).toContain("invalid_signature");
});
