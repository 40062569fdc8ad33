import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, EMULATOR_URL, signIn } from "../fixtures";

/**
 * Issue 20: Order Pay on the top-up page. The UPI QR is paid by "the phone" (the emulator's control API) and the
 * page shows success without a reload; a collect request that lapses shows expiry and a retry; netbanking goes
 * through Cashfree's post form to the bank page and back.
 */
async function control(path: string, body: unknown) {
  const res = await fetch(`${EMULATOR_URL}/__control${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

async function chooseAmountAndMethod(page: Page, credits: string, method: string) {
  await page.goto("/billing/top-up");
  await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
  await page.getByLabel("Credits to buy").fill(credits);
  await page.getByRole("radio", { name: method, exact: true }).check({ force: true });
}

async function axeSerious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("top up by UPI QR at 375 px: QR and amount fit, the phone pays, success shows without a reload", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, DEMO.owner);
  await chooseAmountAndMethod(page, "42", "Pay by UPI QR");
  await page.getByTestId("order-pay-start").click();
  const qr = page.getByTestId("order-pay-qr");
  await expect(qr).toBeVisible();
  await expect(page.getByTestId("order-pay-amount")).toHaveText("₹42.00");
  await expect(page.getByTestId("order-pay-status")).toContainText(/order expires in \d+:\d\d/);
  for (const box of [await qr.boundingBox(), await page.getByTestId("order-pay-amount").boundingBox()]) {
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
  expect(await axeSerious(page)).toEqual([]);

  const payload = await qr.getAttribute("data-qr");
  expect(payload).toMatch(/^upi:\/\/pay\?.*am=42\.00/);
  const urlBefore = page.url();
  await control("/order-pay/qr/pay", { qr: payload });
  await expect(page.getByTestId("order-pay-success")).toBeVisible({ timeout: 20_000 });
  expect(page.url()).toBe(urlBefore);
  expect(await axeSerious(page)).toEqual([]);
});

test("a UPI collect request that expires shows expiry and a retry that starts a new request", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await chooseAmountAndMethod(page, "43", "UPI ID");
  await page.getByLabel("Your UPI ID").fill("payer.name@okaxis");
  await page.getByTestId("order-pay-start").click();
  const waiting = page.getByTestId("order-pay-waiting");
  await expect(waiting).toContainText("Approve it in your UPI app");
  const first = await waiting.getAttribute("data-cf-payment-id");
  await control(`/order-pay/${first}/collect`, { outcome: "expired" });
  await expect(page.getByTestId("order-pay-expired")).toBeVisible({ timeout: 20_000 });
  expect(await axeSerious(page)).toEqual([]);
  await page.getByTestId("order-pay-retry").click();
  await expect(waiting).toBeVisible();
  await expect.poll(() => waiting.getAttribute("data-cf-payment-id")).not.toBe(first);
});

test("netbanking: the post form opens the bank page; approving returns to Khata paid", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await chooseAmountAndMethod(page, "44", "Netbanking");
  await page.getByLabel("Your bank").selectOption({ label: "HDFC Bank" });
  await page.getByTestId("order-pay-start").click();
  await page.waitForURL(/\/netbanking\/\d+$/);
  expect(new URL(page.url()).origin).toBe(new URL(EMULATOR_URL).origin);
  await expect(page.getByTestId("bank-amount")).toHaveText("₹44.00");
  await page.getByTestId("bank-success").click();
  await page.waitForURL(/\/billing\/return\?order_id=cm_[0-9a-f]{16}/);
  await expect(page.getByTestId("payment-success")).toBeVisible({ timeout: 20_000 });
});
