import { recordAudit } from "@/lib/audit/record-audit";
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
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ limit: accounts.monthlyBudgetCredits }).from(accounts).where(eq(accounts.id, accountId)).for("update");
    if (!before) throw notFound("Account");
    await tx.update(accounts).set({ monthlyBudgetCredits: limit }).where(eq(accounts.id, accountId));
    await recordAudit(tx, { action: "budget.set", accountId, targetType: "account", targetId: accountId, before: { monthly_budget_credits: before.limit }, after: { monthly_budget_credits: limit } });
  });
  return getBudget(db, accountId, now);
}
