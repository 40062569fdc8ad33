import fs from "node:fs";
import { expect, request, test } from "@playwright/test";
import { BASE_URL, DEMO, EMULATOR_URL, sessionClient, signIn } from "../fixtures";

const istToday = () => new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

test("the credit statement shows a paid top-up and today's usage per key, with the balance; the ledger and invoices download", async ({ page }) => {
  // A settlement through the emulator's webhook and five downloads on a shared 2-CPU machine.
  test.setTimeout(180_000);
  const owner = await sessionClient(DEMO.owner);
  const before = (await (await owner.get("/api/v1/balance")).json()) as { balance: number };

  // A paid top-up of 37 credits (an amount no other spec buys) (the emulator's signed webhook settles it), then 3 + 4 credits of usage by a new key.
  const order = await owner.post("/api/v1/payments/create-order", { data: { type: "credit_topup", credits: 37 } });
  const { order_id } = (await order.json()) as { order_id: string };
  const pay = await fetch(`${EMULATOR_URL}/__control/orders/${order_id}/pay`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "success" }) });
  expect(pay.status).toBe(200);
  await expect.poll(async () => ((await (await owner.get("/api/v1/balance")).json()) as { balance: number }).balance, { timeout: 30_000 }).toBe(before.balance + 37);
  const run = Date.now();
  const keyName = `statement e2e ${run}`;
  const created = (await (await owner.post("/api/v1/api-keys", { data: { name: keyName } })).json()) as { key: string };
  const machine = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": created.key } });
  for (const credits of [3, 4]) {
    const used = await machine.post("/api/v1/usage", { data: { event_id: `stmt-${run}-${credits}`, credits } });
    expect(used.status()).toBe(201);
  }
  const balance = before.balance + 37 - 7;

  // The API: today's lines, the usage day summed with the key, the closing balance.
  const today = istToday();
  const api = (await (await machine.get(`/api/v1/credits/ledger?from=${today}&to=${today}`)).json()) as {
    lines: Array<{ type: string; cause: string; amount: number; running_balance: number; keys: Array<{ api_key_name: string; amount: number }> | null }>;
    balances: { closing_balance: number };
  };
  expect(api.balances.closing_balance).toBe(balance);
  const usageDay = api.lines.find((l) => l.type === "usage_day")!;
  expect(usageDay.keys).toContainEqual(expect.objectContaining({ api_key_name: keyName, amount: -7 }));
  expect(api.lines.at(-1)!.running_balance).toBe(balance);

  // The page: filters in the URL, the top-up line with its invoice, the usage line expanding to the key.
  await signIn(page, DEMO.owner);
  await page.goto("/billing");
  await page.getByRole("link", { name: "Statement", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Credit statement" })).toBeVisible();
  await page.getByLabel("From (IST)").fill(today);
  await page.getByLabel("To (IST)").fill(today);
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  const lines = page.getByTestId("statement-line");
  // "+37" and nothing more (not "+370"): other specs top up the same demo account today.
  await expect(lines.filter({ hasText: "Credit top-up" }).filter({ has: page.getByTestId("line-amount").getByText("+37", { exact: true }) })).toHaveCount(1);
  const usage = lines.filter({ hasText: "API usage" });
  await usage.getByText("by key").click();
  await expect(usage.getByText(keyName)).toBeVisible();
  await expect(lines.last().getByTestId("running-balance")).toHaveText(balance.toLocaleString("en-IN"));
  await expect(page.getByTestId("month-balance").last()).toContainText(balance.toLocaleString("en-IN"));

  // The ledger CSV of the period, downloaded from the page.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Ledger CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe(`khata-ledger-${today}_${today}.csv`);
  const text = fs.readFileSync((await csv.path())!, "utf8");
  expect(text.split("\r\n")[0]).toContain("Balance after (credits)");
  expect(text).toContain(`,-3,`);
  expect(text).toContain(keyName);

  // The statement PDF and an XLSX from the Exports page.
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Statement PDF" }).click()]);
  expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  await page.goto("/billing/exports");
  await expect(page.getByRole("heading", { name: "Exports" })).toBeVisible();
  // The XLSX link fetched with the page's session (headless Chromium raised no download event for it; the same
  // URL answers a complete workbook to any HTTP client).
  const href = await page.getByRole("link", { name: "Invoices XLSX" }).getAttribute("href");
  const xlsx = await page.request.get(href!);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-disposition"]).toBe('attachment; filename="khata-invoices-start_today.xlsx"');
  expect((await xlsx.body()).subarray(0, 2).toString("latin1")).toBe("PK");
});
