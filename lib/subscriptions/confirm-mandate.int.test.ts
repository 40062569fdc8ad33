import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, subscriptions } from "@/lib/db/schema";
import { createCashfreeClient, type CashfreeClient } from "@/lib/cashfree";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { cashfreeAndReceiverPerFile } from "@/lib/testing/cashfree-and-receiver";
import { confirmMandate } from "./confirm-mandate";
import type { SubscriptionDeps } from "./deps";
import { handleSubscriptionWebhook } from "./handle-subscription-webhook";
import { startSubscription } from "./start-subscription";

const DAY = 24 * 3600_000;
const live = cashfreeAndReceiverPerFile();

describeWithDatabase("back from the mandate page: Khata asks Cashfree instead of waiting for the webhook", (ctx) => {
  const t = Date.UTC(2026, 11, 1, 6, 0, 0);
  const deps = (cashfree: CashfreeClient = live.cf.client): SubscriptionDeps => ({ db: ctx.db, cashfree, now: () => new Date(t), appUrl: live.receiver.url.replace(/\/hook$/, "") });

  async function pendingMandate() {
    const { accountId } = await createAccount(ctx.db, { plan: "pro" });
    const periodEnd = new Date(t + 10 * DAY);
    await ctx.db.update(accounts).set({ planExpiresAt: periodEnd }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    const started = await startSubscription(deps(), { accountId, plan: "pro" });
    return { accountId, subscriptionId: started.subscription.subscription_id, url: started.authorisationUrl, periodEnd };
  }
  const statusOf = async (id: string) => (await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0]!;

  it("approved on Cashfree but no webhook yet → active at once, with its first charge date; the webhook then changes nothing", async () => {
    const { accountId, subscriptionId, url, periodEnd } = await pendingMandate();
    expect(await confirmMandate(deps(), { accountId, subscriptionId })).toBe("pending");
    expect((await statusOf(subscriptionId)).status).toBe("pending_authorization");

    const from = live.receiver.received.length;
    await fetch(`${url}/approve`, { method: "POST", redirect: "manual" });
    expect(await confirmMandate(deps(), { accountId, subscriptionId })).toBe("activated");
    const sub = await statusOf(subscriptionId);
    expect(sub).toMatchObject({ status: "active", nextChargeAt: new Date(periodEnd.getTime() - DAY), mandateAuthorisedAt: new Date(t) });
    expect(sub.cfSubscriptionId).not.toBeNull();
    expect(await confirmMandate(deps(), { accountId, subscriptionId })).toBe("unchanged");

    await live.cf.emulator.subscriptions.settled();
    const hooks = live.receiver.received.slice(from).filter((r) => r.body.includes(subscriptionId));
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      const result = await handleSubscriptionWebhook({ db: ctx.db, secret: live.cf.secret, now: () => new Date(t + 60_000) }, { rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>) });
      expect(result).toEqual({ ok: true, outcome: "unchanged" });
    }
    expect(await statusOf(subscriptionId)).toEqual(sub);
  });

  it("another account's subscription id: Cashfree is not asked and nothing changes", async () => {
    const { subscriptionId, url } = await pendingMandate();
    const other = await createAccount(ctx.db, {});
    await fetch(`${url}/approve`, { method: "POST", redirect: "manual" });
    let asked = 0;
    const counting: CashfreeClient = { ...live.cf.client, getSubscription: (id) => (asked++, live.cf.client.getSubscription(id)) };
    expect(await confirmMandate(deps(counting), { accountId: other.accountId, subscriptionId })).toBe("unknown_subscription");
    expect(asked).toBe(0);
    expect((await statusOf(subscriptionId)).status).toBe("pending_authorization");
  });

  it("Cashfree not answering leaves the subscription pending for the webhook (no error)", async () => {
    const { accountId, subscriptionId, url } = await pendingMandate();
    await fetch(`${url}/approve`, { method: "POST", redirect: "manual" });
    const down = createCashfreeClient({ env: "emulator", baseUrl: "http://127.0.0.1:1/pg", clientId: "x", clientSecret: "y", maxRetries: 0 });
    expect(await confirmMandate(deps(down), { accountId, subscriptionId })).toBe("provider_unavailable");
    expect((await statusOf(subscriptionId)).status).toBe("pending_authorization");
  });
});
