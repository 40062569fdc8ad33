import { expect, test, type Page } from "@playwright/test";
import { DEMO, EMULATOR_URL, signIn } from "../fixtures";

/**
 * Issue 13, acceptance 7 (disputes): a paid top-up is disputed in the emulator (Cashfree sends DISPUTE_CREATED),
 * the owner sees the credits on hold, an operator contests it with a statement and a document (sent through
 * Cashfree's evidence API), and the bank's decision in the merchant's favour gives the credits back.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  return Number((await page.getByTestId("balance-credits").innerText()).replace(/[^\d]/g, ""));
}

async function paidTopUp(page: Page, credits: number): Promise<string> {
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
  return new URL(page.url()).searchParams.get("order_id")!;
}

async function control(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${EMULATOR_URL}/__control${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

test("a disputed top-up: credits held, the owner told, an operator contests with evidence, won → credits back", async ({ page, browser }) => {
  await signIn(page, DEMO.owner);
  const orderId = await paidTopUp(page, 700);
  const afterPayment = await balance(page);

  const raised = (await control(`/orders/${orderId}/disputes`, { amount: 300, dispute_type: "CHARGEBACK" })) as { dispute: { dispute_id: string | number } };
  const cfDisputeId = String(raised.dispute.dispute_id);

  // DISPUTE_CREATED is settled by a job moments later: 300 credits held.
  await expect(async () => expect(await balance(page)).toBe(afterPayment - 300)).toPass();
  await page.goto("/payments");
  await expect(page.getByTestId("dispute-note").first()).toContainText("Disputed: 300 credits on hold until the bank decides");

  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, DEMO.operator);
  await operator.goto("/operator/disputes");
  const row = operator.getByTestId("dispute-row").filter({ hasText: cfDisputeId });
  await expect(row).toContainText("₹300.00");
  await row.getByRole("button", { name: `Contest dispute ${cfDisputeId}` }).click();
  await row.getByLabel("Why the charge was right").fill("The customer used 700 credits of API calls; usage logs attached.");
  await row.getByLabel(/Evidence/).setInputFiles({ name: "usage-log.txt", mimeType: "text/plain", buffer: Buffer.from("2026-12-01 api calls: 700\n") });
  await row.getByRole("button", { name: "Send to Cashfree" }).click();
  await expect(row).toContainText("contested");

  // Cashfree received the document.
  const state = (await (await fetch(`${EMULATOR_URL}/__control/orders/${orderId}`)).json()) as { disputes: { dispute_id: string | number; dispute_status: string }[] };
  expect(state.disputes.find((d) => String(d.dispute_id) === cfDisputeId)?.dispute_status).toBe("CHARGEBACK_DOCS_RECEIVED");

  await control(`/disputes/${cfDisputeId}/close`, { outcome: "won" });
  await expect(async () => expect(await balance(page)).toBe(afterPayment)).toPass();
  await page.goto("/payments");
  await expect(page.getByTestId("dispute-note").first()).toContainText("Dispute won: 300 credits given back");
  await operatorContext.close();
});
