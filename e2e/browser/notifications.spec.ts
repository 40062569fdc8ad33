import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, request, test, type APIRequestContext, type Page } from "@playwright/test";
import { BASE_URL, DEMO, EMULATOR_URL, sessionClient, signIn, signUp, uniqueEmail } from "../fixtures";

// Issue 18: account alerts, notification preferences, and the defects 1–9 found walking the dashboard.
const SCREENSHOT_DIR = path.join("e2e", "artifacts", "screenshots", "notifications");
const PASSWORD = "notify-e2e-pass-123";
const key = () => `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;

let email: string;
let user: APIRequestContext;

/** A fresh account with 1,000 credits (an operator's coupon) of which 575 are used this month through an API key. */
test.beforeAll(async ({ browser }) => {
  email = uniqueEmail("notify");
  const page = await browser.newPage();
  await signUp(page, { name: "Nisha Rao", company: "Notify Labs", email, password: PASSWORD });
  await page.close();
  user = await sessionClient(email, PASSWORD);
  const operator = await sessionClient(DEMO.operator);
  const code = `NOTIFY${Date.now().toString(36).toUpperCase()}`;
  expect((await operator.post("/api/v1/admin/coupons", { data: { code, credits: 1000, max_redemptions: 1 }, headers: { "idempotency-key": key() } })).status()).toBe(201);
  expect((await user.post("/api/v1/coupons/redeem", { data: { code }, headers: { "idempotency-key": key() } })).ok()).toBe(true);
  const created = await user.post("/api/v1/api-keys", { data: { name: "notify e2e" }, headers: { "idempotency-key": key() } });
  expect(created.status()).toBe(201);
  const machine = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": ((await created.json()) as { key: string }).key } });
  expect((await machine.post("/api/v1/usage", { data: { event_id: key(), credits: 575 } })).status()).toBe(201);
});

/** Both widths: a screenshot, no serious/critical axe violation, and no sideways scroll at 375 px. */
async function checkPage(page: Page, name: string, url: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 800 });
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious, `${name} @${width}px axe`).toEqual([]);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    expect(scrollWidth, `${name} @${width}px scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  }
}

test("1. a cap below this month's use is said before saving, and the overview shows it (with the low balance)", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/billing/budget");
  await page.getByLabel("Monthly cap (credits)").fill("500");
  await expect(page.getByTestId("budget-below-used")).toContainText("575 already used this month: all usage will be refused until 01 ");
  await page.getByRole("button", { name: "Save and refuse usage" }).click();
  await expect(page.getByText("Monthly cap set to 500 credits.")).toBeVisible();

  await page.goto("/billing");
  await expect(page.getByTestId("alert-budget-reached")).toContainText("575 of the 500-credit cap used: all usage is refused until");
  await expect(page.getByTestId("alert-low-balance")).toContainText("425 credits left");
  await checkPage(page, "overview-with-alerts", "/billing");
  await checkPage(page, "budget", "/billing/budget");
});

test("2. the usage chart holds its size with a skeleton before its code runs; no sideways scroll at 375 px", async ({ page }) => {
  // What the server sends, before any chart code runs: the skeleton in a box of the chart's size, no chart yet.
  const html = await (await user.get("/billing")).text();
  expect(html).toContain('data-testid="usage-chart-skeleton"');
  expect(html).not.toContain("recharts-wrapper");

  await signIn(page, email, PASSWORD);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/billing", { waitUntil: "commit" });
  await page.waitForSelector('[data-testid="usage-chart"]');
  const early = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(early).toBeLessThanOrEqual(0);
  await page.waitForLoadState("networkidle");
  await expect(page.locator(".recharts-wrapper")).toBeVisible();
  expect((await page.getByTestId("usage-chart").boundingBox())?.height).toBe(240);
  const late = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(late).toBeLessThanOrEqual(0);
});

test("3. API messages in words (no raw field names); a success notice does not stay under a new error", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/billing/budget");
  await page.getByLabel("Monthly cap (credits)").fill("5000");
  await page.getByRole("button", { name: "Save cap" }).click();
  await expect(page.getByText("Monthly cap set to 5,000 credits.")).toBeVisible();
  await page.getByLabel("Monthly cap (credits)").fill("lots");
  await page.getByRole("button", { name: "Save cap" }).click();
  await expect(page.getByText("Enter the cap as a whole number of credits")).toBeVisible();
  await expect(page.getByText("Monthly cap set to 5,000 credits.")).toHaveCount(0);
  await expect(page.getByText(/monthly_limit/)).toHaveCount(0);

  await page.goto("/settings/webhooks");
  await page.getByLabel("Endpoint URL").fill("http://example.com/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const error = page.getByRole("alert").filter({ hasText: /endpoint url/i });
  await expect(error).toBeVisible();
  await expect(error).not.toHaveText(/^url:/);
});

test("4. team: one's own row has no role dropdown, and leaving is a real dialog that says it is you", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/settings/team");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveCount(0);
  await page.getByRole("button", { name: "Leave account" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave Notify Labs?" });
  await expect(dialog).toContainText("You are removing yourself");
  await checkPage(page, "team", "/settings/team");
  await page.getByRole("button", { name: "Leave account" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("5. the return page for an unknown order says so, without a useless Check again", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/billing/return?order_id=cm_0000000000000000");
  await expect(page.getByTestId("payment-unknown")).toContainText("We can't find this order");
  await expect(page.getByRole("button", { name: "Check again" })).toHaveCount(0);
  await checkPage(page, "return-unknown", "/billing/return?order_id=cm_0000000000000000");
});

test("6. settings subnav on every settings page; webhooks link their docs and send a test event", async ({ page }) => {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  try {
    await signIn(page, email, PASSWORD);
    for (const sub of ["/settings/team", "/settings/security", "/settings/notifications", "/settings/billing-profile", "/settings/webhooks"]) {
      await page.goto(sub);
      const nav = page.getByRole("navigation", { name: "Settings" });
      await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("href", "/settings");
    }
    await page.getByRole("link", { name: "How to verify a delivery's signature" }).click();
    await expect(page).toHaveURL(/#verify-signatures$/);
    await expect(page.locator("#verify-signatures")).toContainText("HMAC-SHA256");

    await page.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`);
    await page.getByRole("checkbox", { name: "invoice.created" }).uncheck();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("revealed-webhook-secret")).toBeVisible();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await expect(page.getByText(/Test event sent to/)).toBeVisible();
    await expect.poll(() => received.map((b) => (JSON.parse(b) as { event: string }).event)).toContain("webhook.test");
    await checkPage(page, "webhooks", "/settings/webhooks");
  } finally {
    receiver.close();
  }
});

test("7. at 375 px the header keeps Sign out on the first row, payment filters fold, dates are typed as the app writes them", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/payments");
  const logo = await page.getByRole("link", { name: "Khata" }).first().boundingBox();
  const signOut = await page.getByRole("button", { name: "Sign out" }).boundingBox();
  expect(Math.abs(signOut!.y + signOut!.height / 2 - (logo!.y + logo!.height / 2))).toBeLessThan(12);

  await expect(page.getByLabel("Status")).toBeHidden();
  await page.getByRole("button", { name: "Filters" }).click();
  await expect(page.getByLabel("Status")).toBeVisible();
  await page.getByLabel("Paid from").fill("02 Dec 2026");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/paid_from=2026-12-02/);
  await page.getByRole("button", { name: /Filters/ }).click();
  await expect(page.getByLabel("Paid from")).toHaveValue("02 Dec 2026");
  await checkPage(page, "payments", "/payments");
});

test("8. /favicon.ico answers, a skip link leads to the content, dark mode follows the system", async ({ page, browser }) => {
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/");

  await signIn(page, email, PASSWORD);
  await page.goto("/billing");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);

  const dark = await browser.newContext({ colorScheme: "dark", storageState: await page.context().storageState() });
  const darkPage = await dark.newPage();
  await darkPage.goto("/billing");
  const background = await darkPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(r! + g! + b!).toBeLessThan(120);
  await checkPage(darkPage, "overview-dark", "/billing");
  await dark.close();
});

test("9. usage by month, payments and invoices searched by number", async ({ page, browser }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/billing");
  const picker = page.getByLabel("Credits consumed per day (IST) in");
  const previous = await picker.locator("option").nth(1).getAttribute("value");
  await picker.selectOption(previous!);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`month=${previous}`));
  await expect(picker).toHaveValue(previous!);

  await page.goto("/payments");
  await page.getByLabel("Order or invoice number").fill("cm_0000000000000000");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/number=cm_0000000000000000/);
  await expect(page.getByTestId("payment-row")).toHaveCount(0);

  // A paid top-up of the demo owner (as machine-access.spec does) issues an invoice; its number finds it, and only it.
  const ownerApi = await sessionClient(DEMO.owner);
  const order = (await (await ownerApi.post("/api/v1/payments/create-order", { data: { type: "credit_topup", credits: 25 } })).json()) as { order_id: string };
  const pay = await fetch(`${EMULATOR_URL}/__control/orders/${order.order_id}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "success" }) });
  expect(pay.status).toBe(200);
  await expect
    .poll(async () => ((await (await ownerApi.get(`/api/v1/payments/history?number=${order.order_id}`)).json()) as { payments: { invoice_number: string | null }[] }).payments[0]?.invoice_number ?? null, { timeout: 30_000 })
    .not.toBeNull();
  const demo = await browser.newContext();
  const owner = await demo.newPage();
  await signIn(owner, DEMO.owner);
  await owner.goto("/invoices");
  const first = (await owner.getByTestId("invoice-row").first().getByRole("link").first().innerText()).trim();
  await owner.getByLabel("Find an invoice by number", { exact: true }).fill(first);
  await owner.getByRole("button", { name: "Search" }).click();
  await expect(owner.getByTestId("invoice-row")).toHaveCount(1);
  await owner.getByLabel("Find an invoice by number", { exact: true }).fill("ZZ-NOPE");
  await owner.getByRole("button", { name: "Search" }).click();
  await expect(owner.getByText("No invoice with that number")).toBeVisible();
  await checkPage(owner, "invoices-search", `/invoices?number=${encodeURIComponent(first.slice(0, 8))}`);
  await demo.close();
});

test("notification preferences: a kind switched off stays off; must-go kinds cannot be", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await page.goto("/settings/notifications");
  await expect(page.getByLabel(/Invoice issued/)).toBeDisabled();
  await expect(page.getByLabel(/Account suspended/)).toBeChecked();
  // Pre-debit notices of mandate debits (RBI) are owed whatever the preferences.
  await expect(page.getByLabel(/Plan renewal: pre-debit notice/)).toBeDisabled();
  await expect(page.getByLabel(/Auto top-up: pre-debit notice/)).toBeDisabled();
  await page.getByLabel("A payment failed", { exact: true }).uncheck();
  await page.getByRole("button", { name: "Save choices" }).click();
  await expect(page.getByText("Saved. Mails follow your choices from now on.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("A payment failed", { exact: true })).not.toBeChecked();
  const refused = await user.put("/api/v1/account/notification-preferences", { data: { preferences: { "invoice-issued": false } } });
  expect(refused.status()).toBe(400);
  await checkPage(page, "notifications", "/settings/notifications");
});
