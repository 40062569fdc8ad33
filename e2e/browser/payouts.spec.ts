import { expect, test, type Page } from "@playwright/test";
import { DEMO, EMULATOR_URL, signIn } from "../fixtures";

/**
 * Issue 15, acceptance 6 (payouts): an owner asks on the billing page to withdraw unused credits to a bank account
 * (held at once), an operator approves it on /operator/payouts (the transfer job sends it to the emulator's
 * Cashfree Payouts), the emulator completes the transfer and sends its signed TRANSFER_SUCCESS webhook, and the
 * owner sees the payout processed.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  return Number((await page.getByTestId("balance-credits").innerText()).replace(/[^\d]/g, ""));
}

async function paidTopUp(page: Page, credits: number): Promise<void> {
  await page.goto("/billing/top-up");
  await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
  await page.getByLabel("Credits to buy").fill(String(credits));
  const total = `₹${credits.toLocaleString("en-IN")}.00`;
  await expect(page.getByTestId("topup-total")).toHaveText(total);
  await page.getByRole("button", { name: `Pay ${total}` }).click();
  await page.waitForURL(/\/checkout\//);
  await page.getByTestId("pay-success-card").click();
  await page.waitForURL(/\/billing\/return\?order_id=/);
  await expect(page.getByTestId("payment-success")).toBeVisible();
}

test("an owner requests a payout → an operator approves → the emulator completes the transfer → the owner sees it processed", async ({ page, browser, request }) => {
  await signIn(page, DEMO.owner);
  await paidTopUp(page, 300);
  const before = await balance(page);
  const withdrawable = Number((await page.getByTestId("withdrawable-credits").innerText()).replace(/[^\d]/g, ""));
  expect(withdrawable).toBeGreaterThanOrEqual(1);
  const credits = Math.min(120, withdrawable);

  await page.getByLabel("Credits to withdraw").fill(String(credits));
  await page.getByLabel("Account holder's name").fill("Demo Owner");
  await page.getByLabel("Bank account number").fill("026291800001191");
  await page.getByLabel("IFSC").fill("YESB0000262");
  await page.getByRole("button", { name: "Request payout" }).click();
  await expect(page.getByText(/^Payout po_[0-9a-f]+ requested/)).toBeVisible();
  const row = page.getByTestId("payout-row").first();
  await expect(row).toHaveAttribute("data-status", "requested");
  await expect(row).toContainText("XXXXXXXXXXX1191");
  const payoutId = (await row.getAttribute("data-payout-id"))!;
  // Held at once.
  expect(await balance(page)).toBe(before - credits);

  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, DEMO.operator);
  await operator.goto("/operator/payouts");
  await operator.getByRole("button", { name: `Approve payout ${payoutId}` }).click();
  await expect(operator.locator(`[data-testid="payout-row"][data-payout-id="${payoutId}"]`).first()).toHaveAttribute("data-status", /approved|processing/);
  await operatorContext.close();

  // The transfer job reaches the emulator's Payouts API (transfer_id = the payout id); then the bank "pays" it.
  await expect(async () => {
    const listed = (await (await request.get(`${EMULATOR_URL}/__control/payouts/transfers`)).json()) as { transfers: { transfer_id: string }[] };
    expect(listed.transfers.filter((t) => t.transfer_id === payoutId)).toHaveLength(1);
  }).toPass();
  const settled = await request.post(`${EMULATOR_URL}/__control/payouts/transfers/${payoutId}/settle`, { data: { status: "SUCCESS" } });
  expect(settled.status()).toBe(200);
  expect(((await settled.json()) as { delivery: { status: number } | null }).delivery?.status).toBe(200);

  await expect(async () => {
    await page.goto("/billing");
    await expect(page.locator(`[data-testid="payout-row"][data-payout-id="${payoutId}"]`)).toHaveAttribute("data-status", "processed", { timeout: 1_000 });
  }).toPass();
  await expect(page.locator(`[data-testid="payout-row"][data-payout-id="${payoutId}"]`)).toContainText("Processed");
  expect(await balance(page)).toBe(before - credits);
});

test("a member (seed 001's API user) sees the payout form and the payment-link card, and only their own payouts and payments", async ({ page }) => {
  await signIn(page, DEMO.member);
  await page.goto("/billing");
  await expect(page.getByRole("button", { name: "Request payout" })).toBeVisible();
  // The owner's payouts (the test above) are not the member's own history.
  await expect(page.getByTestId("payout-row")).toHaveCount(0);
  await page.goto("/payments");
  await expect(page.getByRole("form", { name: "Create a payment link" })).toBeVisible();
  // Nothing in the demo account was created by the member: the owner's top-ups are not listed.
  await expect(page.getByTestId("payment-row")).toHaveCount(0);
});
