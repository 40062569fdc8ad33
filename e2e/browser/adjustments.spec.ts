import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 16, acceptance 4 (adjustments part): an operator proposes a credit grant for the demo account and cannot
 * approve it themselves → a second operator approves → the owner's balance moves by exactly that → both operators
 * see the proposal and the approval in the audit log (filtered by account, with who did which), and the owner sees
 * them under Settings → Audit log.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  return Number((await page.getByTestId("balance-credits").innerText()).replace(/[^\d]/g, ""));
}

test("an operator proposes an adjustment, a second operator approves it, both see it in the audit log", async ({ page, browser }) => {
  // Three signed-in browsers and eleven page loads: more than the default minute on a loaded machine.
  test.setTimeout(180_000);
  await signIn(page, DEMO.owner);
  const before = await balance(page);
  const accountId = ((await (await page.request.get("/api/v1/account")).json()) as { id: string }).id;
  expect(accountId).toMatch(/^acc_/);
  const reference = `TICKET-${Date.now().toString(36)}`;

  const firstContext = await browser.newContext();
  const first = await firstContext.newPage();
  await signIn(first, DEMO.operator);
  await first.goto("/operator/adjustments");
  await first.getByLabel("Account id").fill(accountId);
  await first.getByLabel("Direction").selectOption("grant");
  await first.getByLabel("Credits").fill("125");
  await first.getByLabel("Reference").fill(reference);
  await first.getByLabel("Reason").fill("Outage credit for 2 December");
  await first.getByRole("button", { name: "Propose adjustment" }).click();
  await expect(first.getByText(/A second operator must approve it/)).toBeVisible();
  const pending = first.getByRole("region", { name: "Proposed adjustments" }).getByTestId("adjustment").filter({ hasText: reference });
  await expect(pending).toContainText("+125");
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(pending.getByRole("alert")).toContainText("different operator");
  expect(await balance(page)).toBe(before);

  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await signIn(second, DEMO.operator2);
  await second.goto("/operator/adjustments");
  await second.getByRole("region", { name: "Proposed adjustments" }).getByTestId("adjustment").filter({ hasText: reference }).getByRole("button", { name: "Approve" }).click();
  await expect(second.getByRole("region", { name: "Recent adjustments" }).getByTestId("adjustment").filter({ hasText: reference })).toContainText("applied");
  expect(await balance(page)).toBe(before + 125);

  for (const operatorPage of [first, second]) {
    await operatorPage.goto(`/operator/audit?account_id=${accountId}`);
    const entries = operatorPage.getByRole("region", { name: "Audit log" }).getByTestId("audit-entry");
    await expect(entries.filter({ hasText: "adjustment.apply" }).first()).toContainText("operator");
    await expect(entries.filter({ hasText: "adjustment.propose" }).filter({ hasText: reference }).first()).toBeVisible();
  }
  const csv = await second.request.get(`/api/v1/admin/audit-log.csv?account_id=${accountId}&action=adjustment.propose`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(reference);
  await firstContext.close();
  await secondContext.close();

  await page.goto("/settings/audit-log?action=adjustment.apply");
  await expect(page.getByRole("region", { name: "Audit log" }).getByTestId("audit-entry").first()).toContainText("adjustment.apply");
});
