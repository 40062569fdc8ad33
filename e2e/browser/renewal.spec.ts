import { expect, test } from "@playwright/test";
import { DEMO, EMULATOR_URL, signIn } from "../fixtures";

/**
 * Issue 19 (foundation): the owner of a paid plan switches on automatic renewal from the Plans page, authorises the
 * mandate on the emulator's hosted mandate page (reached through cashfree.js `subscriptionsCheckout`), comes back
 * and sees the renewal scheduled at once (Khata asks Cashfree on the return; the webhook then changes nothing); schedules the end of
 * renewal at the period's end and undoes it; then cancels the mandate.
 */
test("authorise a renewal mandate in the emulator, see the renewal scheduled, cancel it", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/billing/plans");
  // The demo account may already hold a paid plan (billing-journeys upgrades it to Pro); a Free account buys Starter.
  const MONTHLY: Record<string, string> = { Starter: "₹999.00", Pro: "₹4,999.00" };
  let planName = (await page.getByTestId("current-plan-name").innerText()).trim();
  if (!(planName in MONTHLY)) {
    await page.getByRole("button", { name: /Upgrade to Starter/ }).click();
    await page.waitForURL(/\/checkout\//);
    await page.getByTestId("pay-success-card").click();
    await expect(page.getByTestId("payment-success")).toContainText("Starter plan");
    planName = "Starter";
  }
  const monthly = MONTHLY[planName]!;

  await page.goto("/billing/plans");
  await page.getByTestId("renew-automatically").click();
  await page.waitForURL(/\/subscriptions\/checkout\/sub_session_/);
  expect(new URL(page.url()).origin).toBe(new URL(EMULATOR_URL).origin);
  // The emulator's hosted page writes Cashfree's plain amount ("4999.00"); Khata's pages group it ("4,999.00").
  await expect(page.getByTestId("mandate-max")).toHaveText(monthly.replaceAll(",", ""));
  await page.getByTestId("mandate-approve").click();
  await page.waitForURL(/\/billing\/plans\?renewal=sub_/);

  // Back on Khata, the page asked Cashfree (lib/subscriptions/confirm-mandate.ts): the renewal shows at once, without
  // waiting for the SUBSCRIPTION_AUTH_STATUS webhook and its job.
  await expect(page.getByTestId("renewal-status")).toContainText(`Renews automatically: ${monthly}`);

  // Plan changes: the renewal panel shows the next charge and the mandate; cancelling at the period's end is
  // scheduled (no further charge) and can be undone.
  await expect(page.getByTestId("renewal-next-charge")).toContainText(monthly);
  await expect(page.getByTestId("renewal-mandate")).toContainText(`up to ${monthly}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("cancel-at-period-end").click();
  await expect(page.getByTestId("renewal-scheduled-change")).toContainText("Renewal ends on");
  await expect(page.getByTestId("renewal-status")).toContainText("no further charge");
  await page.getByTestId("undo-scheduled-change").click();
  await expect(page.getByTestId("renewal-scheduled-change")).toHaveText("None");
  await expect(page.getByTestId("renewal-status")).toContainText(`Renews automatically: ${monthly}`);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("cancel-renewal").click();
  await expect(page.getByTestId("renew-automatically")).toBeVisible();
});
