import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";

/**
 * Issue 5's quality bar, measured: no layout shift when data arrives, and the pages stay usable on a slow network.
 */

/** Cumulative Layout Shift of the page so far (shifts right after user input excluded, as in the CLS metric). */
async function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        // Buffered entries are delivered asynchronously; give the observer a moment.
        setTimeout(() => resolve(total), 500);
      }),
  );
}

test("no layout shift when data arrives: CLS stays under 0.1 (Google's 'good') on every billing page", async ({ page }) => {
  // The probe itself: a paragraph pushed down after load must register as a shift.
  await page.goto("/sign-in");
  await page.evaluate(async () => {
    const spacer = document.createElement("div");
    const text = document.createElement("p");
    text.textContent = "Probe paragraph with enough text to cover part of the viewport.";
    text.style.fontSize = "48px";
    document.body.prepend(spacer, text);
    await new Promise((r) => setTimeout(r, 100));
    spacer.style.height = "300px";
    await new Promise((r) => setTimeout(r, 100));
  });
  expect(await cumulativeLayoutShift(page)).toBeGreaterThan(0.01);

  await signIn(page, DEMO.owner);
  const measured: string[] = [];
  for (const url of ["/billing", "/billing/top-up", "/billing/plans", "/billing/budget", "/payments", "/invoices", "/settings/team"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    const cls = await cumulativeLayoutShift(page);
    measured.push(`${url} ${cls.toFixed(4)}`);
    expect(cls, `CLS of ${url}`).toBeLessThan(0.1);
  }
  console.log(`CLS: ${measured.join(", ")}`);
});

test("usable on a slow network (DevTools 'Fast 3G'): sign in, top up through checkout, see the result", async ({ page }) => {
  test.setTimeout(180_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  // Chrome DevTools' "Fast 3G" preset: 562.5 ms round trip, ~1.6 Mbit/s down, ~750 kbit/s up.
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });

  const started = Date.now();
  await signIn(page, DEMO.owner);
  await page.goto("/billing/top-up");
  // Until the page has hydrated its controls stay disabled, so nothing typed or clicked early is lost.
  await page.getByRole("radio", { name: /Custom amount/ }).check({ force: true });
  await page.getByLabel("Credits to buy").fill("321");
  await expect(page.getByTestId("topup-total")).toHaveText("₹321.00");
  await page.getByRole("button", { name: "Pay ₹321.00" }).click();
  await page.waitForURL(/\/checkout\//, { timeout: 60_000 });
  await page.getByTestId("pay-success-card").click();
  await page.waitForURL(/\/billing\/return\?order_id=/, { timeout: 60_000 });
  const success = page.getByTestId("payment-success");
  await expect(success).toBeVisible({ timeout: 60_000 });
  await expect(success).toContainText("₹321.00");
  console.log(`Fast 3G journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("controls wait for hydration: disabled in the server's HTML, enabled once React owns the page", async ({ browser, page }) => {
  await signIn(page, DEMO.owner);
  await page.goto("/settings/team");
  const controls = (p: Page) => [
    p.getByRole("button", { name: "Add member" }),
    p.getByLabel("Role", { exact: true }),
    p.getByRole("button", { name: "Switch account" }),
    p.getByRole("button", { name: "Sign out" }),
  ];
  for (const control of controls(page)) await expect(control).toBeEnabled();

  // Without JavaScript the page stays as the server sent it (same session): every control is disabled, so an
  // early click can neither be lost nor submit a form natively.
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const raw = await noJs.newPage();
  await raw.goto("/settings/team");
  for (const control of controls(raw)) await expect(control).toBeDisabled();
  await noJs.close();
});
