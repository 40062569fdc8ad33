import { expect, it } from "vitest";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { setBudgetSchema } from "./budget-schema";
import { getBudget } from "./get-budget";
import { setBudget } from "./set-budget";

const NOW = new Date("2026-11-23T06:30:00Z");

describeWithDatabase("monthly budget", (ctx) => {
  it("no cap: monthly_limit and remaining are null, month is the IST month", async () => {
    const { accountId } = await createAccount(ctx.db);
    expect(await getBudget(ctx.db, accountId, NOW)).toEqual({ monthlyLimitCredits: null, usedThisMonthCredits: 0n, underCapCredits: null, month: "2026-11" });
    // 30 Nov 18:30Z is already 1 December in India.
    expect((await getBudget(ctx.db, accountId, new Date("2026-11-30T18:30:00Z"))).month).toBe("2026-12");
  });

  it("sets, reports usage against and clears the cap", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 1000n });
    expect(await setBudget(ctx.db, accountId, 500, NOW)).toEqual({ monthlyLimitCredits: 500n, usedThisMonthCredits: 0n, underCapCredits: 500n, month: "2026-11" });
    await consumeCredits(ctx.db, { accountId, amountCredits: 120n, idempotencyKey: "u1", now: NOW });
    expect(await getBudget(ctx.db, accountId, NOW)).toEqual({ monthlyLimitCredits: 500n, usedThisMonthCredits: 120n, underCapCredits: 380n, month: "2026-11" });
    // Usage of another IST month does not count.
    expect(await getBudget(ctx.db, accountId, new Date("2026-12-05T00:00:00Z"))).toMatchObject({ usedThisMonthCredits: 0n, underCapCredits: 500n, month: "2026-12" });

    const cleared = await setBudget(ctx.db, accountId, null, NOW);
    expect(cleared).toEqual({ monthlyLimitCredits: null, usedThisMonthCredits: 120n, underCapCredits: null, month: "2026-11" });
  });

  it("a cap below this month's usage gives remaining 0 (never negative) and blocks consumption", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 1000n });
    await consumeCredits(ctx.db, { accountId, amountCredits: 300n, idempotencyKey: "u1", now: NOW });
    expect(await setBudget(ctx.db, accountId, 100, NOW)).toMatchObject({ monthlyLimitCredits: 100n, usedThisMonthCredits: 300n, underCapCredits: 0n });
    const refused = await consumeCredits(ctx.db, { accountId, amountCredits: 1n, idempotencyKey: "u2", now: NOW }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "budget_exceeded" });
    expect(await setBudget(ctx.db, accountId, 0, NOW)).toMatchObject({ monthlyLimitCredits: 0n, underCapCredits: 0n });
    expect(await setBudget(ctx.db, accountId, 1_000_000_000, NOW)).toMatchObject({ monthlyLimitCredits: 1_000_000_000n });
  });

  it("the service refuses out-of-range and fractional limits, and unknown accounts", async () => {
    const { accountId } = await createAccount(ctx.db);
    await expect(setBudget(ctx.db, accountId, 1.5)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setBudget(ctx.db, accountId, -1)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setBudget(ctx.db, accountId, 1_000_000_001)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setBudget(ctx.db, "acc_missing", 5)).rejects.toMatchObject({ code: "not_found" });
  });

  it.each([
    [{ monthly_limit: 100 }, true],
    [{ monthly_limit: 0 }, true],
    [{ monthly_limit: null }, true],
    [{ monthly_limit: 1_000_000_000 }, true],
    [{ monthly_limit: 1.5 }, false],
    [{ monthly_limit: "100" }, false],
    [{ monthly_limit: -5 }, false],
    [{ monthly_limit: 1_000_000_001 }, false],
    [{ monthly_limit: true }, false],
    [{}, false],
    [{ monthly_limit: 5, extra: 1 }, false],
  ])("the PUT body schema: %j → valid %s, errors name monthly_limit", (body, valid) => {
    const parsed = setBudgetSchema.safeParse(body);
    expect(parsed.success).toBe(valid);
    if (!parsed.success && !("extra" in body)) {
      expect(parsed.error.issues[0]!.path).toEqual(["monthly_limit"]);
      if ("monthly_limit" in body) expect(parsed.error.issues[0]!.message).toMatch(/monthly_limit must be a whole number/);
    }
  });
});
