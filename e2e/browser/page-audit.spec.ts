import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "../fixtures";
import { auditPage } from "../page-audit";

// The pages billing-journeys.spec.ts does not audit (it takes the ones that show its payments and invoices): the
// owner's API keys and webhooks, the operator's console, and a member's read-only billing. Same checks, other shard.
test("the other roles' pages at 1280 and 375 px: screenshots and no serious or critical axe violations", async ({ browser }) => {
  test.setTimeout(240_000);
  const failures: string[] = [];
  const pages: [string, [string, string][]][] = [
    [DEMO.owner, [["settings-api-keys", "/settings/api-keys"], ["settings-webhooks", "/settings/webhooks"]]],
    [DEMO.operator, [["operator", "/operator"], ["operator-coupons", "/operator/coupons"], ["operator-orders", "/operator/orders"]]],
    [DEMO.member, [["member-billing-overview", "/billing"], ["member-billing-budget", "/billing/budget"]]],
  ];
  for (const [email, list] of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    for (const [name, url] of list) await auditPage(page, name, url, failures);
    await context.close();
  }
  expect(failures, failures.join("\n")).toEqual([]);
});
