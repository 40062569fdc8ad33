import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 16 (operator console): an operator finds an account by one of its invoice numbers and opens its page; a
 * failed background job is retried from the console and runs (the in-process job runner of `next start`).
 */

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
  const success = page.getByTestId("payment-success");
  await expect(success).toBeVisible();
  return (await success.getByText(/^KH-\d{4}-\d{6}$/).innerText()).trim();
}

test("an operator finds an account by invoice number and opens its page", async ({ page, browser }) => {
  await signIn(page, DEMO.owner);
  const invoiceNumber = await paidTopUp(page, 250);

  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, DEMO.operator);
  await operator.goto("/operator/accounts");
  await operator.getByLabel("Search").fill(invoiceNumber);
  await operator.getByRole("button", { name: "Search" }).click();
  const hit = operator.getByTestId("account-hit");
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText(`Invoice: ${invoiceNumber}`);
  await hit.getByRole("link").click();
  await operator.waitForURL(/\/operator\/accounts\/acc_/);
  await expect(operator.getByTestId("section-invoices")).toContainText(invoiceNumber);
  await expect(operator.getByTestId("spendable-credits")).toBeVisible();
  await expect(operator.getByTestId("held-credits")).toBeVisible();
  await expect(operator.getByTestId("section-members")).toContainText(DEMO.owner);
  await operatorContext.close();
});

test("a failed job is retried from the console and runs", async ({ page }) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  let jobId: string;
  try {
    // Out of attempts, as a job that kept throwing ends; scheduled far ahead first so no worker takes it meanwhile.
    const added = await client.query<{ id: string }>(
      "select id::text from graphile_worker.add_job('purge-rate-limit-buckets', '{}'::json, run_at => '2099-01-01'::timestamptz, max_attempts => 2)",
    );
    jobId = added.rows[0]!.id;
    await client.query("update graphile_worker._private_jobs set attempts = 2, last_error = 'e2e: database unreachable' where id = $1::bigint", [jobId]);

    await signIn(page, DEMO.operator);
    await page.goto("/operator/jobs");
    const row = page.getByTestId("failed-job").filter({ hasText: "e2e: database unreachable" }).filter({ hasText: jobId });
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId("job-task").filter({ hasText: "purge-rate-limit-buckets" })).toContainText("e2e: database unreachable");
    await page.getByRole("button", { name: `Retry job ${jobId} (purge-rate-limit-buckets)` }).click();
    // The runner takes it at once and it succeeds: graphile-worker deletes a completed job.
    await expect.poll(async () => (await client.query("select 1 from graphile_worker.jobs where id = $1::bigint", [jobId])).rowCount, { timeout: 15_000 }).toBe(0);
    await page.reload();
    await expect(page.getByTestId("failed-job").filter({ hasText: jobId })).toHaveCount(0);
  } finally {
    await client.end();
  }
});
