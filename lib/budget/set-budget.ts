import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { badRequest, notFound } from "@/lib/errors";
import { MAX_MONTHLY_BUDGET_CREDITS } from "./budget-schema";
import { getBudget, type Budget } from "./get-budget";

/**
 * Sets (or, with null, clears) the account's monthly credit cap. A cap below what was already used this month
 * is allowed: `underCapCredits` becomes 0 and further consumption is refused with `budget_exceeded` until next month.
 */
export async function setBudget(db: Db, accountId: string, monthlyLimit: number | bigint | null, now = new Date()): Promise<Budget> {
  let limit: bigint | null = null;
  if (monthlyLimit !== null) {
    if (typeof monthlyLimit === "number" && !Number.isInteger(monthlyLimit)) {
      throw badRequest("monthly_limit must be a whole number of credits.", { field: "monthly_limit" });
    }
    limit = BigInt(monthlyLimit);
    if (limit < 0n || limit > BigInt(MAX_MONTHLY_BUDGET_CREDITS)) {
      throw badRequest(`monthly_limit must be from 0 to ${MAX_MONTHLY_BUDGET_CREDITS}, or null.`, { field: "monthly_limit" });
    }
  }
  const updated = await db
    .update(accounts)
    .set({ monthlyBudgetCredits: limit })
    .where(eq(accounts.id, accountId))
    .returning({ id: accounts.id });
  if (updated.length === 0) throw notFound("Account");
  return getBudget(db, accountId, now);
}
