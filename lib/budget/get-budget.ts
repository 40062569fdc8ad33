import type { Executor } from "@/lib/db";
import { getBalance } from "@/lib/credits/get-balance";

export interface Budget {
  /** The cap in credits per IST calendar month, or null when there is none. */
  monthly_limit: bigint | null;
  used_this_month: bigint;
  /** Credits the cap still allows this month (never negative); null when there is no cap. Not limited by the balance. */
  remaining: bigint | null;
  /** IST calendar month key, e.g. "2026-11". */
  month: string;
}

export async function getBudget(db: Executor, accountId: string, now = new Date()): Promise<Budget> {
  const summary = await getBalance(db, accountId, now);
  const limit = summary.monthlyLimitCredits;
  const used = summary.usedThisMonthCredits;
  return {
    monthly_limit: limit,
    used_this_month: used,
    remaining: limit === null ? null : limit > used ? limit - used : 0n,
    month: summary.month,
  };
}
