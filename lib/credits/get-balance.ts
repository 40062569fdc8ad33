import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { accounts, monthlyUsage } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { istMonthKey } from "@/lib/money/ist";
import { remainingCredits, type RemainingCredits } from "./remaining-credits";

export interface BalanceSummary {
  balanceCredits: bigint;
  plan: string;
  planExpiresAt: Date | null;
  month: string;
  monthlyLimitCredits: bigint | null;
  usedThisMonthCredits: bigint;
  /** What the cap still allows, and what can be consumed right now (see remainingCredits). */
  remaining: RemainingCredits;
  /** The account's own low-balance threshold; null = the default (see low-balance.ts). */
  lowBalanceThresholdCredits: bigint | null;
}

export async function getBalance(db: Executor, accountId: string, now = new Date()): Promise<BalanceSummary> {
  const month = istMonthKey(now);
  const [row] = await db
    .select({
      balance: accounts.creditBalance,
      plan: accounts.plan,
      planExpiresAt: accounts.planExpiresAt,
      limit: accounts.monthlyBudgetCredits,
      lowBalance: accounts.lowBalanceThresholdCredits,
      used: monthlyUsage.usedCredits,
    })
    .from(accounts)
    .leftJoin(monthlyUsage, and(eq(monthlyUsage.accountId, accounts.id), eq(monthlyUsage.month, month)))
    .where(eq(accounts.id, accountId));
  if (!row) throw notFound("Account");
  const used = row.used ?? 0n;
  return {
    balanceCredits: row.balance,
    plan: row.plan,
    planExpiresAt: row.planExpiresAt,
    month,
    monthlyLimitCredits: row.limit,
    usedThisMonthCredits: used,
    remaining: remainingCredits({ balanceCredits: row.balance, capCredits: row.limit, usedThisMonthCredits: used }),
    lowBalanceThresholdCredits: row.lowBalance,
  };
}
