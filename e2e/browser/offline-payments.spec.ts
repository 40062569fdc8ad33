import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 14, acceptance 4: an operator records a cheque for the demo account → the owner sees the credits, the
 * invoice and the receipt (PDF naming the receipt number and the mode) → the operator asks to cancel it (cheque
 * dishonoured) and cannot approve their own request → a second operator approves → the credits are gone again and
 * a credit note for the invoice is on /invoices.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  return Number((await page.getByTestId("balance-credits").innerText()).replace(/[^\d]/g, ""));
}

test("an operator records a cheque → the owner sees credits, invoice and receipt → cancel requested → a second operator approves: credits and credit note right", async ({ page, browser }) => {
  const chequeNumber = String(Date.now()).slice(-6);
  const reference = `Cheque ${chequeNumber}, HDFC Bank Fort`;
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  // Operator 1 finds the account by a member's email and records ₹2,360 received by cheque.
  const firstContext = await browser.newContext();
  const first = await firstContext.newPage();
  await signIn(first, DEMO.operator);
  await first.goto("/operator/offline-payments");
  await first.getByLabel("Find the account (name, email or GSTIN)").fill(DEMO.owner);
  await first.getByRole("button", { name: "Search" }).click();
  await first.getByRole("list", { name: "Matching accounts" }).getByRole("button", { name: /Acme Analytics Pvt Ltd/ }).click();
  await expect(first.getByLabel("Account id")).not.toHaveValue("");
  await first.getByLabel("Amount (₹, GST-inclusive)").fill("2360");
  await first.getByLabel("Mode").selectOption("Cheque");
  await first.getByLabel("Reference (UTR, cheque number and bank…)").fill(reference);
  await first.getByRole("button", { name: "Record payment" }).click();
  const recorded = first.getByText(/^Recorded: receipt \S+, invoice \S+\.$/);
  await expect(recorded).toBeVisible();
  const [, receiptNumber, invoiceNumber] = /^Recorded: receipt (\S+), invoice (\S+)\.$/.exec((await recorded.innerText()).trim())!;
  expect(invoiceNumber).toMatch(/^KH-\d{4}-\d{6}$/);

  // The owner: credits at once, the payment with mode, reference and receipt, the invoice, the receipt PDF.
  expect(await balance(page)).toBe(before + 2360);
  await page.goto("/payments");
  const ownRow = page.getByTestId("account-offline-payment").filter({ hasText: receiptNumber! });
  await expect(ownRow).toContainText("Cheque");
  await expect(ownRow).toContainText(reference);
  await expect(ownRow).toContainText("₹2360.00");
  await expect(ownRow).toContainText("Paid");
  const receiptHref = (await ownRow.getByRole("link", { name: receiptNumber! }).getAttribute("href"))!;
  const pdf = await page.request.get(receiptHref);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const file = path.join(test.info().outputDir, "receipt.pdf");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  expect(text).toContain(receiptNumber);
  expect(text).toContain("Cheque");
  expect(text).toContain(chequeNumber);
  await ownRow.getByRole("link", { name: invoiceNumber! }).click();
  await page.waitForURL(`**/invoices/${encodeURIComponent(invoiceNumber!)}`);
  await expect(page.getByText(invoiceNumber!).first()).toBeVisible();
  await expect(page.getByText("₹2,360.00").first()).toBeVisible();

  // Operator 1 asks to cancel; their own request is not theirs to approve.
  await first.reload();
  const listed = first.getByRole("region", { name: "Offline payments" }).getByTestId("offline-payment").filter({ hasText: receiptNumber! });
  await listed.getByLabel("Reason for cancelling").fill("Cheque dishonoured");
  await listed.getByRole("button", { name: "Request cancellation" }).click();
  const pendingOnFirst = first.getByRole("region", { name: "Pending cancel requests" }).getByTestId("offline-payment").filter({ hasText: receiptNumber! });
  await expect(pendingOnFirst).toContainText("CancelRequest");
  await pendingOnFirst.getByRole("button", { name: "Approve" }).click();
  await expect(pendingOnFirst.getByRole("alert")).toContainText("different operator");
  await firstContext.close();
  expect(await balance(page)).toBe(before + 2360);

  // Operator 2 approves.
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await signIn(second, DEMO.operator2);
  await second.goto("/operator/offline-payments");
  await second.getByRole("region", { name: "Pending cancel requests" }).getByTestId("offline-payment").filter({ hasText: receiptNumber! }).getByRole("button", { name: "Approve" }).click();
  await expect(second.getByRole("region", { name: "Offline payments" }).getByTestId("offline-payment").filter({ hasText: receiptNumber! })).toContainText("Cancelled");
  await secondContext.close();

  // The owner: the credits reversed, the payment cancelled, a credit note for the whole invoice.
  expect(await balance(page)).toBe(before);
  await page.goto("/payments");
  await expect(page.getByTestId("account-offline-payment").filter({ hasText: receiptNumber! })).toContainText("Cancelled");
  await page.goto("/invoices");
  const noteRow = page.getByTestId("credit-note-row").filter({ hasText: invoiceNumber! });
  await expect(noteRow).toHaveCount(1);
  await expect(noteRow).toContainText("₹2,360.00");
  await expect(noteRow).toContainText(receiptNumber!);
  expect((await noteRow.locator("td").first().innerText()).trim()).toMatch(/^KC-\d{4}-\d{6}$/);
});
