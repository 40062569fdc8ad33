import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { consumeCredits } from "./consume-credits";
import { getBalance } from "./get-balance";
import { grantCredits } from "./grant-credits";

describeWithDatabase("credit ledger", (ctx) => {
  it("grants a cause once, whatever the retries", async () => {
    const { accountId } = await createAccount(ctx.db);
    const grant = () =>
      ctx.db.transaction((tx) =>
        grantCredits(tx, { accountId, kind: "topup", amountCredits: 500n, causeKey: `order:test-${accountId}`, description: "Top-up" }),
      );
    expect((await grant()).granted).toBe(true);
    expect((await grant()).granted).toBe(false);
    expect((await getBalance(ctx.db, accountId)).balanceCredits).toBe(500n);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 500n, ledgerSum: 500n });
  });

  it("consumes against balance and budget, replays a repeated event and refuses with the numbers", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 8n });
    const first = await consumeCredits(ctx.db, { accountId, amountCredits: 5n, idempotencyKey: "evt-1" });
    expect(first).toMatchObject({ replayed: false, balanceCredits: 5n, usedThisMonthCredits: 5n, remaining: { underCapCredits: 3n, consumableCredits: 3n } });
    const again = await consumeCredits(ctx.db, { accountId, amountCredits: 5n, idempotencyKey: "evt-1" });
    expect(again).toMatchObject({ replayed: true, balanceCredits: 5n, ledgerEntryId: first.ledgerEntryId });

    const overCap = await consumeCredits(ctx.db, { accountId, amountCredits: 4n, idempotencyKey: "evt-2" }).catch((e: unknown) => e);
    expect(overCap).toBeInstanceOf(AppError);
    expect(overCap).toMatchObject({ code: "budget_exceeded", details: { balance: 5n, monthly_limit: 8n, used_this_month: 5n } });

    await ctx.db.update(accounts).set({ monthlyBudgetCredits: null }).where(eq(accounts.id, accountId));
    const overBalance = await consumeCredits(ctx.db, { accountId, amountCredits: 6n, idempotencyKey: "evt-3" }).catch((e: unknown) => e);
    expect(overBalance).toMatchObject({ code: "insufficient_balance", details: { balance: 5n } });

    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId));
    expect(entries).toHaveLength(2); // the opening grant and one usage
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 5n, ledgerSum: 5n });
  });

  it("counts usage in IST calendar months", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 3n });
    // 30 Nov 18:29:59Z is still November in IST; 18:30Z is 1 December IST.
    await consumeCredits(ctx.db, { accountId, amountCredits: 3n, idempotencyKey: "nov", now: new Date("2026-11-30T18:29:59Z") });
    const dec = await consumeCredits(ctx.db, { accountId, amountCredits: 3n, idempotencyKey: "dec", now: new Date("2026-11-30T18:30:00Z") });
    expect(dec.month).toBe("2026-12");
    expect(dec.usedThisMonthCredits).toBe(3n);
  });
});

describeWithDatabase("credit ledger under concurrency", (ctx) => {
  it("balance 100, cap 100: 200 concurrent 1-credit consumptions → exactly 100 succeed, never below zero", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 100n, monthlyBudgetCredits: 100n });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => consumeCredits(ctx.db, { accountId, amountCredits: 1n, idempotencyKey: `evt-${i}` })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(ok).toHaveLength(100);
    expect(refused.every((e) => e.code === "budget_exceeded" || e.code === "insufficient_balance")).toBe(true);
    const summary = await getBalance(ctx.db, accountId);
    expect(summary.balanceCredits).toBe(0n);
    expect(summary.usedThisMonthCredits).toBe(100n);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 0n, ledgerSum: 0n, minBalanceAfter: 0n });
  });

  it("the same event id sent 50 times at once consumes once", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 100n });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeCredits(ctx.db, { accountId, amountCredits: 7n, idempotencyKey: "same-event" })),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await getBalance(ctx.db, accountId)).balanceCredits).toBe(93n);
  });

  it("50 concurrent grants of one cause → one grant", async () => {
    const { accountId } = await createAccount(ctx.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "topup", amountCredits: 10n, causeKey: `order:race-${accountId}`, description: "x" })),
      ),
    );
    expect(results.filter((r) => r.granted)).toHaveLength(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 10n, ledgerSum: 10n });
  });
});
