import { getBalance } from "@/lib/credits/get-balance";
import type { Executor } from "@/lib/db";

export interface Budget {
  /** The cap in credits per IST calendar month, or null when there is none. */
  monthlyLimitCredits: bigint | null;
  usedThisMonthCredits: bigint;
  /** Credits the cap still allows this month (never negative); null when there is no cap. Not limited by the balance. */
  underCapCredits: bigint | null;
  /** IST calendar month key, e.g. "2026-11". */
  month: string;
}

export async function getBudget(db: Executor, accountId: string, now = new Date()): Promise<Budget> {
  const summary = await getBalance(db, accountId, now);
  return {
    monthlyLimitCredits: summary.monthlyLimitCredits,
    usedThisMonthCredits: summary.usedThisMonthCredits,
    underCapCredits: summary.remaining.underCapCredits,
    month: summary.month,
  };
}
