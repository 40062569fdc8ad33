import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, EMULATOR_URL, sessionClient, signIn } from "../fixtures";
import { auditPage } from "../page-audit";

/**
 * Issue 5's acceptance journeys, in Chromium against the production build and the Cashfree emulator. They share
 * the seeded demo account and run in order (one worker), so each journey reads the balance before it acts.
 */

async function balance(page: Page): Promise<number> {
  await page.goto("/billing");
  const text = await page.getByTestId("balance-credits").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

/** From the top-up page: choose an amount, pay, and land on Cashfree's (the emulator's) hosted checkout. */
async function startTopUp(page: Page, credits: number) {
  await page.goto("/billing/top-up");
  const preset = page.getByRole("radio", { name: new RegExp(`^₹${credits.toLocaleString("en-IN")}\\b`) });
  if ((await preset.count()) > 0) {
    await preset.check({ force: true });
  } else {
    await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
    await page.getByLabel("Credits to buy").fill(String(credits));
  }
  const total = `₹${credits.toLocaleString("en-IN")}.00`;
  await expect(page.getByTestId("topup-total")).toHaveText(total);
  await page.getByRole("button", { name: `Pay ${total}` }).click();
  await page.waitForURL(/\/checkout\//);
}

async function payOnCheckout(page: Page, testId: "pay-success-card" | "pay-failure-card" | "pay-upi-success" | "pay-upi-pending" | "close-checkout") {
  await page.getByTestId(testId).click();
  await page.waitForURL(/\/billing\/return\?order_id=/);
}

function orderIdOf(page: Page): string {
  return new URL(page.url()).searchParams.get("order_id")!;
}

test("1. top up ₹5,000 with the success card: credited, invoice listed, PDF downloads", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  await startTopUp(page, 5000);
  await expect(page.getByTestId("checkout-amount")).toHaveText("₹5,000.00"); // the emulator's checkout shows the order amount
  await payOnCheckout(page, "pay-success-card");
  const success = page.getByTestId("payment-success");
  await expect(success).toBeVisible();
  await expect(success).toContainText("₹5,000.00");
  const invoiceNumber = (await success.getByText(/^KH-\d{4}-\d{6}$/).innerText()).trim();

  expect(await balance(page)).toBe(before + 5000);

  await page.goto("/invoices");
  const row = page.getByTestId("invoice-row").filter({ hasText: invoiceNumber });
  await expect(row).toBeVisible();
  await expect(row).toContainText("₹5,000.00");

  await row.getByRole("link", { name: invoiceNumber, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Invoice ${invoiceNumber}` })).toBeVisible();
  await expect(page.getByTestId("amount-in-words")).toContainText("Five Thousand");
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("invoice-pdf-link").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toContain(invoiceNumber);
  const file = path.join(test.info().outputDir, download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  expect(text).toContain(invoiceNumber);
  expect(text).toContain("₹5,000.00");
  expect(text).toContain("TAX INVOICE");
  expect(text).toMatch(/IGST/); // Maharashtra buyer, Karnataka supplier: inter-state

  // The PDF is stored once: downloading again gives the same bytes, with their SHA-256 as the ETag, cached as
  // immutable, and a revalidation with that ETag is a 304.
  const again = await page.request.get(`/api/v1/invoices/${invoiceNumber}/pdf`);
  expect(again.status()).toBe(200);
  expect(Buffer.compare(await again.body(), fs.readFileSync(file))).toBe(0);
  const etag = again.headers()["etag"]!;
  expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
  expect(again.headers()["cache-control"]).toBe("private, max-age=31536000, immutable");
  const revalidated = await page.request.get(`/api/v1/invoices/${invoiceNumber}/pdf`, { headers: { "if-none-match": etag } });
  expect(revalidated.status()).toBe(304);
  expect(revalidated.headers()["etag"]).toBe(etag);
});

test("2. failing card → failure shown → retry → success, credited once", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  await startTopUp(page, 1234);
  await payOnCheckout(page, "pay-failure-card");
  const failed = page.getByTestId("payment-failed");
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("Payment failed");
  const firstOrder = orderIdOf(page);
  expect(await balance(page)).toBe(before); // nothing credited for a failed payment

  await page.goto(`/billing/return?order_id=${firstOrder}`);
  await page.getByRole("button", { name: "Retry payment" }).click();
  await page.waitForURL(/\/checkout\//);
  await payOnCheckout(page, "pay-success-card");
  await expect(page.getByTestId("payment-success")).toBeVisible();

  // Reloading the return page verifies again: still paid, still credited once.
  await page.reload();
  await expect(page.getByTestId("payment-success")).toBeVisible();
  expect(await balance(page)).toBe(before + 1234);

  const api = await sessionClient(DEMO.owner);
  const history = (await (await api.get("/api/v1/payments/history?amount=1234&status=paid")).json()) as { total: number };
  expect(history.total).toBe(1);
  await api.dispose();
});

test("3. closing the checkout is shown honestly, and retry works", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  await startTopUp(page, 777);
  await payOnCheckout(page, "close-checkout");
  const failed = page.getByTestId("payment-failed");
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("Payment not completed");
  await expect(failed).toContainText("nothing was charged");
  expect(await balance(page)).toBe(before);

  await page.goto(`/payments?status=user_dropped&amount=777`);
  const row = page.getByTestId("payment-row").first();
  await expect(row.getByTestId("payment-status")).toHaveText("Not completed");
  await row.getByRole("button", { name: /Retry payment/ }).click();
  await page.waitForURL(/\/checkout\//);
  await payOnCheckout(page, "pay-upi-success");
  await expect(page.getByTestId("payment-success")).toBeVisible();
  expect(await balance(page)).toBe(before + 777);
});

test("4. upgrade Starter → Pro: plan and credits change, invoices issued", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  await page.goto("/billing/plans");
  await expect(page.getByTestId("current-plan-name")).toHaveText("Free");
  await page.getByRole("button", { name: /Upgrade to Starter/ }).click();
  await page.waitForURL(/\/checkout\//);
  await payOnCheckout(page, "pay-success-card");
  const starter = page.getByTestId("payment-success");
  await expect(starter).toContainText("Starter plan");
  const starterInvoice = (await starter.getByText(/^KH-\d{4}-\d{6}$/).innerText()).trim();

  await page.goto("/billing/plans");
  await expect(page.getByTestId("plan-starter")).toContainText("Current plan");
  await page.getByRole("button", { name: /Upgrade to Pro/ }).click();
  await page.waitForURL(/\/checkout\//);
  await payOnCheckout(page, "pay-success-card");
  const pro = page.getByTestId("payment-success");
  await expect(pro).toContainText("Pro plan");
  const proInvoice = (await pro.getByText(/^KH-\d{4}-\d{6}$/).innerText()).trim();

  expect(await balance(page)).toBe(before + 1000 + 6000);
  await expect(page.getByTestId("plan-name")).toHaveText("Pro");
  await expect(page.getByTestId("plan-end")).toContainText("No auto-renewal");

  await page.goto("/billing/plans");
  await expect(page.getByTestId("plan-pro")).toContainText("Current plan");
  await expect(page.getByRole("button", { name: /Upgrade to Starter/ })).toHaveCount(0);

  await page.goto("/invoices");
  await expect(page.getByTestId("invoice-row").filter({ hasText: starterInvoice })).toContainText("₹999.00");
  await expect(page.getByTestId("invoice-row").filter({ hasText: proInvoice })).toContainText("₹4,999.00");
});

test("5. redeem a coupon, then again → already redeemed", async ({ page, browser }) => {
  const code = `E2E${Date.now().toString(36).toUpperCase()}`;
  const operator = await browser.newPage();
  await signIn(operator, DEMO.operator);
  await operator.goto("/operator/coupons");
  await operator.getByLabel("Code").fill(code);
  await operator.getByLabel("Credits").fill("250");
  await operator.getByLabel("Max redemptions (optional)").fill("10");
  await operator.getByRole("button", { name: "Create coupon" }).click();
  await expect(operator.getByText(`Coupon ${code} created.`)).toBeVisible();
  await expect(operator.getByTestId(`coupon-${code}`)).toContainText("active");
  await operator.close();

  await signIn(page, DEMO.owner);
  const before = await balance(page);
  await page.goto("/billing/coupons");
  await page.getByLabel("Coupon code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Redeem" }).click();
  const result = page.getByTestId("coupon-result");
  await expect(result).toContainText("Coupon applied");
  await expect(result).toContainText("250 credits added");
  expect(await balance(page)).toBe(before + 250);

  await page.goto("/billing/coupons");
  await page.getByLabel("Coupon code").fill(code);
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(result).toContainText("Already redeemed");
  await expect(result).toContainText(`This account has already redeemed ${code}`);

  await page.getByLabel("Coupon code").fill("NO-SUCH-CODE");
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(result).toContainText("Code not found");
  expect(await balance(page)).toBe(before + 250);
});

test("6. admin sets a cap; a member sees it read-only, with no upgrade or top-up buttons", async ({ page, browser }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/billing/budget");
  await page.getByLabel("Monthly cap (credits)").fill("12,345");
  await page.getByRole("button", { name: "Save cap" }).click();
  await expect(page.getByText("Monthly cap set to 12,345 credits.")).toBeVisible();
  await expect(page.getByTestId("budget-limit")).toHaveText("12,345");

  const context = await browser.newContext();
  const member = await context.newPage();
  await signIn(member, DEMO.member);
  await member.goto("/billing/budget");
  await expect(member.getByTestId("budget-limit")).toHaveText("12,345");
  await expect(member.getByTestId("budget-readonly")).toBeVisible();
  await expect(member.getByRole("button", { name: "Save cap" })).toHaveCount(0);
  await expect(member.getByLabel("Monthly cap (credits)")).toHaveCount(0);

  await member.goto("/billing");
  await expect(member.getByTestId("balance-credits")).toBeVisible();
  await expect(member.getByRole("link", { name: /Top up/ })).toHaveCount(0);
  await member.goto("/billing/plans");
  await expect(member.getByRole("button", { name: /Upgrade/ })).toHaveCount(0);
  await member.goto("/billing/top-up");
  await expect(member.getByRole("button", { name: /Pay/ })).toHaveCount(0);
  await member.goto("/payments");
  await expect(member.getByRole("button", { name: /Retry/ })).toHaveCount(0);
  await context.close();

  // And the server refuses anyway.
  const api = await sessionClient(DEMO.member);
  expect((await api.put("/api/v1/credits/budget", { data: { monthly_limit: 1 } })).status()).toBe(403);
  expect((await api.post("/api/v1/payments/create-order", { data: { type: "credit_topup", credits: 100 } })).status()).toBe(403);
  await api.dispose();

  // Clear the cap again so later runs start from the same state.
  await page.getByRole("button", { name: "Remove cap" }).click();
  await expect(page.getByTestId("budget-limit")).toHaveText("No cap");
});

test("7. payments filters live in the URL and survive a reload", async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/payments");
  await expect(page.getByTestId("payment-row").first()).toBeVisible();
  const all = await page.getByTestId("payment-row").count();

  await page.getByLabel("Status").selectOption("paid");
  await page.getByLabel("Amount comparison").selectOption(">=");
  await page.getByLabel("Amount in rupees").fill("1000");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=paid/);
  await expect(page).toHaveURL(/amount=%3E%3D1000/);

  const check = async () => {
    const rows = page.getByTestId("payment-row");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) {
      await expect(row.getByTestId("payment-status")).toHaveText("Paid");
      const amount = Number((await row.getByTestId("payment-amount").innerText()).replace(/[^\d.]/g, ""));
      expect(amount).toBeGreaterThanOrEqual(1000);
    }
    return rows.count();
  };
  const filtered = await check();
  expect(filtered).toBeLessThan(all);

  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("paid");
  await expect(page.getByLabel("Amount in rupees")).toHaveValue("1000");
  expect(await check()).toBe(filtered);

  await page.goBack();
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.getByTestId("payment-row")).toHaveCount(all);
});

test("8. the owner's billing pages at 1280 and 375 px: screenshots and no serious or critical axe violations", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO.owner);
  await page.goto("/invoices");
  const invoiceNumber = (await page.getByTestId("invoice-row").first().getByRole("link").first().innerText()).trim();
  await page.goto("/payments?status=paid");
  const paidOrder = await page.getByTestId("payment-row").first().getAttribute("data-order-id");

  // The pages that show this file's payments and invoices; the rest are audited by page-audit.spec.ts (the other
  // e2e shard, so the two take about as long).
  const ownerPages: [string, string][] = [
    ["billing-overview", "/billing"],
    ["billing-top-up", "/billing/top-up"],
    ["billing-return", `/billing/return?order_id=${paidOrder}`],
    ["billing-plans", "/billing/plans"],
    ["billing-budget", "/billing/budget"],
    ["billing-coupons", "/billing/coupons"],
    ["payments", "/payments"],
    ["invoices", "/invoices"],
    ["invoice-detail", `/invoices/${invoiceNumber}`],
    ["settings", "/settings"],
    ["settings-billing-profile", "/settings/billing-profile"],
    ["settings-team", "/settings/team"],
  ];
  const failures: string[] = [];
  for (const [name, url] of ownerPages) {
    await auditPage(page, name, url, failures, name === "billing-return" ? (p) => expect(p.getByTestId("payment-success")).toBeVisible() : undefined);
  }
  expect(failures, failures.join("\n")).toEqual([]);
});

test("9. at 375 px payments and invoices are cards with a label beside every value; at 1280 px they are tables", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const labelOf = (cell: ReturnType<Page["getByTestId"]>) => cell.evaluate((el) => getComputedStyle(el, "::before").content);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 812 });
    await page.goto("/payments");
    const amount = page.getByTestId("payment-row").first().getByTestId("payment-amount");
    await expect(amount).toBeVisible();
    expect(await amount.evaluate((el) => getComputedStyle(el).display)).toBe(width === 375 ? "flex" : "table-cell");
    expect(await labelOf(amount)).toBe(width === 375 ? '"Amount"' : "none");
    // The column headers stay available to screen readers either way.
    await expect(page.getByRole("columnheader", { name: "Amount" })).toHaveCount(1);

    await page.goto("/invoices");
    const row = page.getByTestId("invoice-row").first();
    // boundingBox() does not wait for visibility: the row may still be streaming in behind the loading state.
    await expect(row).toBeVisible();
    const box = (await row.boundingBox())!;
    if (width === 375) expect(box.width).toBeLessThanOrEqual(375);
    expect(await labelOf(row.locator("td").nth(4))).toBe(width === 375 ? '"Total"' : "none");
  }
});

test("10. a payment the bank is slow to confirm: pending shown, re-checked automatically, credited once when it clears", async ({ page }) => {
  await signIn(page, DEMO.owner);
  const before = await balance(page);

  await startTopUp(page, 642);
  await payOnCheckout(page, "pay-upi-pending");
  const orderId = orderIdOf(page);
  const pending = page.getByTestId("payment-pending");
  await expect(pending).toBeVisible();
  await expect(pending).toContainText("₹642.00");
  await expect(pending).toContainText("Don't pay again");
  await expect(pending.getByRole("progressbar", { name: "Time until the next check" })).toBeVisible();
  await expect(pending).toContainText(/Checking again in \d+ s/);
  expect(await balance(page)).toBe(before); // nothing credited while pending

  // The bank answers: Cashfree marks the payment SUCCESS and sends the webhook.
  await page.goto(`/billing/return?order_id=${orderId}`);
  await expect(page.getByTestId("payment-pending")).toBeVisible();
  const state = (await (await fetch(`${EMULATOR_URL}/__control/orders/${orderId}`)).json()) as { payments: { cf_payment_id: string | number; payment_status: string }[] };
  expect(state.payments.map((p) => p.payment_status)).toEqual(["PENDING"]);
  const resolved = await fetch(`${EMULATOR_URL}/__control/payments/${state.payments[0]!.cf_payment_id}/resolve`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "success" }),
  });
  expect(resolved.status).toBe(200);

  // No click: the page's own re-check (every few seconds) finds it paid.
  const success = page.getByTestId("payment-success");
  await expect(success).toBeVisible({ timeout: 20_000 });
  await expect(success).toContainText("₹642.00");
  await expect(success.getByText(/^KH-\d{4}-\d{6}$/)).toBeVisible();
  expect(await balance(page)).toBe(before + 642);

  const api = await sessionClient(DEMO.owner);
  const history = (await (await api.get(`/api/v1/payments/history?amount=642&status=paid`)).json()) as { total: number };
  expect(history.total).toBe(1);
  await api.dispose();
});
