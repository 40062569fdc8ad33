import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 13, acceptance 7 (refunds): the owner asks for a refund of unused credits from a paid top-up, an operator
 * approves it (the credits are held at once), the emulator completes Cashfree's refund (its REFUND_STATUS_WEBHOOK
 * after its refund delay), and the owner sees the refund done, the balance right and a credit note whose PDF
 * reverses the invoice.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  return Number((await page.getByTestId("balance-credits").innerText()).replace(/[^\d]/g, ""));
}

async function paidTopUp(page: Page, credits: number): Promise<{ orderId: string; invoiceNumber: string }> {
  await page.goto("/billing/top-up");
  await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
  await page.getByLabel("Credits to buy").fill(String(credits));
  const total = `₹${credits.toLocaleString("en-IN")}.00`;
  await expect(page.getByTestId("topup-total")).toHaveText(total);
  await page.getByRole("button", { name: `Pay ${total}` }).click();
  await page.waitForURL(/\/checkout\//);
  await page.getByTestId("pay-success-card").click();
  await page.waitForURL(/\/billing\/return\?order_id=/);
  const success = page.getByTestId("payment-success");
  await expect(success).toBeVisible();
  const invoiceNumber = (await success.getByText(/^KH-\d{4}-\d{6}$/).innerText()).trim();
  return { orderId: new URL(page.url()).searchParams.get("order_id")!, invoiceNumber };
}

test("an owner asks for a refund → an operator approves → Cashfree completes it: balance, state and credit note PDF right", async ({ page, browser }) => {
  await signIn(page, DEMO.owner);
  const { orderId, invoiceNumber } = await paidTopUp(page, 400);
  const afterPayment = await balance(page);

  await page.goto("/payments");
  await page.getByRole("button", { name: `Request refund of order ${orderId}` }).click();
  await page.getByLabel("Credits to refund").fill("150");
  await page.getByLabel("Reason").fill("Bought more than we need this quarter");
  await page.getByRole("button", { name: "Ask for refund" }).click();
  await expect(page.getByText("Refund requested")).toBeVisible();
  const ownRow = page.getByTestId("refund-row").filter({ hasText: orderId });
  await expect(ownRow).toContainText("Awaiting approval");
  const refundId = (await ownRow.getAttribute("data-refund-id"))!;
  // Asking holds nothing yet.
  expect(await balance(page)).toBe(afterPayment);

  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, DEMO.operator);
  await operator.goto("/operator/refunds");
  await operator.getByRole("button", { name: `Approve refund ${refundId}` }).click();
  await expect(operator.getByTestId("refund-row").filter({ hasText: orderId }).first()).toHaveAttribute("data-status", /pending|succeeded/);
  await operatorContext.close();

  // Held at approval; the emulator settles Cashfree's refund a moment later and its webhook completes it.
  await expect(async () => {
    await page.goto("/payments");
    await expect(page.getByTestId("refund-row").filter({ hasText: orderId })).toHaveAttribute("data-status", "succeeded", { timeout: 1_000 });
  }).toPass();
  await expect(page.getByTestId("refund-row").filter({ hasText: orderId })).toContainText("Refunded");
  expect(await balance(page)).toBe(afterPayment - 150);

  await page.goto("/invoices");
  const noteRow = page.getByTestId("credit-note-row").filter({ hasText: invoiceNumber });
  await expect(noteRow).toContainText("₹150.00");
  const noteNumber = (await noteRow.locator("td").first().innerText()).trim();
  expect(noteNumber).toMatch(/^KC-\d{4}-\d{6}$/);

  const pdf = await page.request.get(`/api/v1/credit-notes/${noteNumber}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  const file = path.join(test.info().outputDir, `${noteNumber}.pdf`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await pdf.body());
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  expect(text).toContain("CREDIT NOTE");
  expect(text).toContain(noteNumber);
  expect(text).toContain(invoiceNumber);
  expect(text).toContain("₹150.00");
});
