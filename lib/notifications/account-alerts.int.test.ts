import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, orders } from "@/lib/db/schema";
import { suspendAccount } from "@/lib/suspensions/suspend-account";
import { recordUsage } from "@/lib/usage/record-usage";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";
import { listAccountAlerts } from "./account-alerts";

describeWithDatabase("account alerts on the dashboard", (ctx) => {
  const now = new Date("2026-12-10T06:00:00Z");

  it("a healthy account has none", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 5_000n });
    expect(await listAccountAlerts(ctx.db, { accountId, canPay: true, now })).toEqual([]);
  });

  it("cap reached (a cap set below what is used), low balance, plan ending, failed payment, suspension: each in words, most serious first", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 1_000n });
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "e1", credits: 575 }, now });
    await ctx.db.update(accounts).set({ monthlyBudgetCredits: 500n, plan: "pro", planExpiresAt: new Date("2026-12-12T06:00:00Z") }).where(eq(accounts.id, accountId));
    const order = await insertOrder(ctx.db, { accountId, credits: 1_000n });
    await ctx.db.update(orders).set({ status: "FAILED", createdAt: new Date("2026-12-09T09:59:00Z"), updatedAt: new Date("2026-12-09T10:00:00Z") }).where(eq(orders.id, order.id));
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Chargebacks", source: "operator", byUserId: null, now }));

    const alerts = await listAccountAlerts(ctx.db, { accountId, canPay: true, now });
    expect(alerts.map((a) => a.kind)).toEqual(["suspended", "budget-reached", "low-balance", "plan-ending", "payment-failed"]);
    const by = Object.fromEntries(alerts.map((a) => [a.kind, a]));
    expect(by["budget-reached"]!.body).toBe("575 of the 500-credit cap used: all usage is refused until 01 Jan 2027, or until the cap is raised.");
    expect(by["low-balance"]!.title).toBe("Your credit balance is low");
    expect(by["plan-ending"]!.title).toBe("Your Pro plan ends on 12 Dec 2026");
    expect(by["payment-failed"]).toMatchObject({ title: "A payment of ₹1,000.00 did not go through", action: { href: `/billing/return?order_id=${order.id}` } });
    expect(by.suspended!.body).toContain("Chargebacks");

    // A member who cannot pay sees the same alerts without the pay actions.
    const asMember = await listAccountAlerts(ctx.db, { accountId, canPay: false, now });
    expect(asMember.find((a) => a.kind === "payment-failed")!.action).toBeNull();
    expect(asMember.find((a) => a.kind === "low-balance")!.body).toContain("Ask an owner or admin to top up.");
  });

  it("80% of the cap is a warning; a later paid order hides the failed one", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 5_000n, monthlyBudgetCredits: 1_000n });
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "e1", credits: 800 }, now });
    const failed = await insertOrder(ctx.db, { accountId, credits: 100n });
    await ctx.db.update(orders).set({ status: "FAILED", createdAt: new Date("2026-12-09T09:00:00Z") }).where(eq(orders.id, failed.id));
    const paid = await insertOrder(ctx.db, { accountId, credits: 100n, status: "PAID" });
    await ctx.db.update(orders).set({ createdAt: new Date("2026-12-09T09:05:00Z") }).where(eq(orders.id, paid.id));
    const alerts = await listAccountAlerts(ctx.db, { accountId, canPay: true, now });
    expect(alerts.map((a) => [a.kind, a.tone])).toEqual([["budget-near", "warning"]]);
  });
});
