import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 15, acceptance 6 (pay-ins): an admin creates a payment link on the Payments page, the payer pays it on the
 * emulator's hosted link page (which opens the ordinary checkout), and the credits arrive once — also when a
 * second tab tries to pay the same link.
 */
async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  const text = await page.getByTestId("balance-credits").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

test("an admin creates a payment link, the payer pays it in the emulator, the credits arrive once", async ({ page, context }) => {
  await signIn(page, DEMO.admin);
  const before = await balance(page);

  await page.goto("/payments");
  const form = page.getByRole("form", { name: "Create a payment link" });
  await form.getByLabel("Amount (₹ = credits)").fill("321");
  await form.getByLabel("Payer name").fill("Jane Smith");
  await form.getByLabel("Payer mobile").fill("9876543210");
  await form.getByLabel("Payer email (optional)").fill("jane@example.com");
  await form.getByLabel("Your reference (optional)").fill(`E2E-${Date.now()}`);
  await form.getByRole("button", { name: "Create payment link" }).click();
  const result = page.getByTestId("payment-link-result");
  await expect(result).toBeVisible();
  const linkUrl = (await page.getByTestId("payment-link-url").innerText()).trim();
  expect(linkUrl).toMatch(/\/links\/[A-Za-z0-9_-]+$/);
  // The new pay-in is in the history, pending, with its payer.
  await expect(page.getByTestId("payment-link-payer").first()).toContainText("Jane Smith");

  // The payer opens the link in two tabs: both land on the same order's checkout.
  const payer = await context.newPage();
  const secondTab = await context.newPage();
  await payer.goto(linkUrl);
  await secondTab.goto(linkUrl);
  await payer.waitForURL(/\/checkout\/session_/);
  expect(secondTab.url()).toBe(payer.url());
  await expect(payer.getByTestId("checkout-amount")).toHaveText("₹321.00");
  await payer.getByTestId("pay-success-card").click();
  await expect(payer.getByTestId("checkout-status")).toContainText("SUCCESS");
  await secondTab.getByTestId("pay-success-card").click();
  await expect(secondTab.getByRole("alert")).toContainText("already paid");

  // PAYMENT_SUCCESS_WEBHOOK and PAYMENT_LINK_EVENT both arrive; the worker settles one of them, the other finds it paid.
  await expect.poll(() => balance(page), { timeout: 30_000 }).toBe(before + 321);
  await page.goto("/payments");
  const row = page.getByTestId("payment-row").filter({ has: page.getByText("Jane Smith") }).first();
  await expect(row).toContainText("Paid");
  await expect(row.getByRole("link", { name: /^KH-/ })).toBeVisible();
  await payer.goto(linkUrl);
  await expect(payer.getByTestId("link-status")).toContainText("PAID");
  expect(await balance(page)).toBe(before + 321);
});
