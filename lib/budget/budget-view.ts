import type { Budget } from "./get-budget";

/** GET/PUT /api/v1/credits/budget. */
export function toBudgetView(b: Budget) {
  return { monthly_limit: b.monthlyLimitCredits, used_this_month: b.usedThisMonthCredits, remaining: b.underCapCredits, month: b.month };
}
