import { and, eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getBalance } from "@/lib/credits/get-balance";
import { accounts, ledgerEntries, outboxEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { listDailyUsage } from "./list-daily-usage";
import { recordUsage } from "./record-usage";
import { recordUsageBatch } from "./record-usage-batch";
import { toUsageResultView, toBatchView } from "./usage-view";

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describeWithDatabase("metered usage", (ctx) => {
  it("event_id is the idempotency key: the repeat returns the first answer and consumes nothing", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 100n, monthlyBudgetCredits: 50n });
    const { apiKey } = await createApiKey(ctx.db, { accountId, name: "k", createdByUserId: ownerId });
    const event = { event_id: "req-1", credits: 7, description: "Search", metadata: { path: "/search" } };
    const first = await recordUsage(ctx.db, { accountId, apiKeyId: apiKey.id, event });
    expect(toUsageResultView(first)).toMatchObject({ event_id: "req-1", replayed: false, credits: 7n, balance: 93n, used_this_month: 7n, monthly_limit: 50n, remaining_this_month: 43n });
    const again = await recordUsage(ctx.db, { accountId, apiKeyId: apiKey.id, event });
    expect(again).toEqual({ ...first, replayed: true });
    expect((await getBalance(ctx.db, accountId)).balanceCredits).toBe(93n);
    const [entry] = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.id, first.ledgerEntryId));
    expect(entry).toMatchObject({ apiKeyId: apiKey.id, kind: "usage", amountCredits: -7n, description: "Search" });
  });

  it("402s carry balance, cap, used, remaining; nothing is consumed; budget.exceeded is written once", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 8n });
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "a", credits: 5 } });

    const overCap = await refusal(recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "b", credits: 4 } }));
    expect(overCap).toBeInstanceOf(AppError);
    expect(overCap).toMatchObject({ code: "budget_exceeded", details: { event_id: "b", requested: 4n, balance: 5n, cap: 8n, used: 5n, remaining: 3n } });
    await refusal(recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "c", credits: 4 } }));
    const budgetEvents = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "budget.exceeded")));
    expect(budgetEvents).toHaveLength(1);
    expect(budgetEvents[0]!.payload).toMatchObject({ event: "budget.exceeded", account_id: accountId, amount: 4, currency: "INR", status: "refused", cap_credits: 8 });

    await ctx.db.update(accounts).set({ monthlyBudgetCredits: null }).where(eq(accounts.id, accountId));
    const overBalance = await refusal(recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "d", credits: 6 } }));
    expect(overBalance).toMatchObject({ code: "insufficient_balance", details: { balance: 5n, cap: null, used: 5n, remaining: 5n, requested: 6n } });

    // Refusals are not remembered: the same event id may succeed once it fits.
    const later = await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "d", credits: 5 } });
    expect(later).toMatchObject({ replayed: false, balanceCredits: 0n });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n });
  });

  it("credits.low fires once when the balance crosses the account's threshold, in the consuming transaction", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 10n });
    await ctx.db.update(accounts).set({ lowBalanceThresholdCredits: 5n }).where(eq(accounts.id, accountId));
    for (const [i, credits] of [4, 1, 1].entries()) {
      await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: `low-${i}`, credits } });
    }
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "low-1", credits: 1 } }); // replay: no event
    const events = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "credits.low")));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ event: "credits.low", amount: 5, balance_credits: 5, threshold_credits: 5, status: "low", usage_event_id: "low-1" });
    expect(events[0]!.payload).toHaveProperty("id", events[0]!.id);
  });

  it("credits.low uses the default threshold (500) when the account has not set one", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 600n });
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "above", credits: 99 } }); // 501: still above
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "cross", credits: 1 } }); // 500: at the default
    const events = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "credits.low")));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ balance_credits: 500, threshold_credits: 500, usage_event_id: "cross" });
  });

  it("batch: per-event results, refusals do not stop the batch, repeats (even within it) replay", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 5n });
    const { apiKey } = await createApiKey(ctx.db, { accountId, name: "batch", createdByUserId: ownerId });
    const result = toBatchView(await recordUsageBatch(ctx.db, {
      accountId,
      apiKeyId: apiKey.id,
      events: [
        { event_id: "e1", credits: 3 },
        { event_id: "e2", credits: 3 },
        { event_id: "e3", credits: 2 },
        { event_id: "e1", credits: 3 },
      ],
    }));
    expect(result.results.map((r) => [r.event_id, r.status])).toEqual([
      ["e1", 201],
      ["e2", 402],
      ["e3", 201],
      ["e1", 200],
    ]);
    expect(result.results[1]).toMatchObject({ error: { code: "insufficient_balance", details: { balance: 2n, requested: 3n } } });
    expect(result.summary).toEqual({ consumed: 2, replayed: 1, refused: 1, credits_consumed: 5n });
    expect(result.balance).toBe(0n);
    const again = await recordUsageBatch(ctx.db, { accountId, apiKeyId: apiKey.id, events: [{ event_id: "e1", credits: 3 }, { event_id: "e3", credits: 2 }] });
    expect(again.summary).toMatchObject({ consumed: 0, replayed: 2 });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n });
  });

  it("usage per IST day per key: 18:29:59Z is the same IST day, 18:30Z the next; month bounds in IST", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 1000n });
    const k1 = (await createApiKey(ctx.db, { accountId, name: "one", createdByUserId: ownerId })).apiKey;
    const k2 = (await createApiKey(ctx.db, { accountId, name: "two", createdByUserId: ownerId })).apiKey;
    const at: Array<[string, string, number, string]> = [
      ["oct-last", k1.id, 1, "2026-10-31T18:29:59Z"], // 31 Oct 23:59:59 IST → October
      ["nov-first", k1.id, 2, "2026-10-31T18:30:00Z"], // 1 Nov 00:00 IST
      ["n22-late-1", k1.id, 3, "2026-11-22T18:29:59Z"], // 22 Nov 23:59:59 IST
      ["n22-late-2", k2.id, 4, "2026-11-22T10:00:00Z"], // 22 Nov 15:30 IST
      ["n23-early", k1.id, 5, "2026-11-22T18:30:00Z"], // 23 Nov 00:00 IST
      ["n23-k1", k1.id, 6, "2026-11-23T09:00:00Z"],
      ["dec-first", k2.id, 7, "2026-11-30T18:30:00Z"], // 1 Dec IST
    ];
    for (const [eventId, keyId, credits, when] of at) {
      const r = await recordUsage(ctx.db, { accountId, apiKeyId: keyId, event: { event_id: eventId, credits }, now: new Date(when) });
      await ctx.db.update(ledgerEntries).set({ createdAt: new Date(when) }).where(eq(ledgerEntries.id, r.ledgerEntryId));
    }
    const report = await listDailyUsage(ctx.db, accountId, "2026-11");
    const byDayAndName = report.days
      .map((d) => [d.date, d.api_key_name, d.credits, d.events] as const)
      .sort((a, b) => a[0].localeCompare(b[0]) || String(a[1]).localeCompare(String(b[1])));
    expect(byDayAndName).toEqual([
      ["2026-11-01", "one", 2n, 1],
      ["2026-11-22", "one", 3n, 1],
      ["2026-11-22", "two", 4n, 1],
      ["2026-11-23", "one", 11n, 2],
    ]);
    expect(report.totals).toEqual({ credits: 20n, events: 5 });
    expect((await listDailyUsage(ctx.db, accountId, "2026-10")).totals).toEqual({ credits: 1n, events: 1 });
    expect((await listDailyUsage(ctx.db, accountId, "2026-12")).days).toEqual([
      { date: "2026-12-01", api_key_id: k2.id, api_key_name: "two", api_key_prefix: k2.prefix, credits: 7n, events: 1 },
    ]);
  });
});

describeWithDatabase("metered usage under concurrency", (ctx) => {
  it("balance 100, cap 100: 200 events × 2 concurrent sends over 4 keys → exactly 100 consumed, balance 0, no double effect", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 100n, monthlyBudgetCredits: 100n });
    const keys = await Promise.all([1, 2, 3, 4].map((i) => createApiKey(ctx.db, { accountId, name: `k${i}`, createdByUserId: ownerId })));
    const calls = Array.from({ length: 400 }, (_, i) => {
      const n = i % 200; // every event id is sent twice, from different keys
      return recordUsage(ctx.db, { accountId, apiKeyId: keys[i % 4]!.apiKey.id, event: { event_id: `evt-${n}`, credits: 1 } });
    });
    const settled = await Promise.allSettled(calls);
    const fulfilled = settled.filter((s) => s.status === "fulfilled").map((s) => (s as PromiseFulfilledResult<Awaited<(typeof calls)[number]>>).value);
    const rejected = settled.filter((s) => s.status === "rejected").map((s) => (s as PromiseRejectedResult).reason as AppError);
    expect(rejected.every((e) => e.code === "budget_exceeded" || e.code === "insufficient_balance")).toBe(true);
    const consumedIds = new Set(fulfilled.filter((r) => !r.replayed).map((r) => r.eventId));
    expect(fulfilled.filter((r) => !r.replayed)).toHaveLength(100);
    expect(consumedIds.size).toBe(100);
    expect(fulfilled.filter((r) => r.replayed).every((r) => consumedIds.has(r.eventId))).toBe(true);
    const summary = await getBalance(ctx.db, accountId);
    expect(summary).toMatchObject({ balanceCredits: 0n, usedThisMonthCredits: 100n });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n, minBalanceAfter: 0n });
    const usageRows = await ctx.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "usage")));
    expect(usageRows).toHaveLength(100);
    const report = await listDailyUsage(ctx.db, accountId);
    expect(report.totals.credits).toBe(100n);
    expect(new Set(report.days.map((d) => d.api_key_id)).size).toBeGreaterThan(1);
    const budget = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), inArray(outboxEvents.eventType, ["budget.exceeded"])));
    expect(budget.length).toBeLessThanOrEqual(1);
  });
});
