import type { BalanceSummary } from "./get-balance";
import { DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS, effectiveLowBalanceThreshold } from "./low-balance";

/** GET /api/v1/balance. */
export function toBalanceView(b: BalanceSummary) {
  return {
    balance: b.balanceCredits,
    currency: "INR",
    plan: b.plan,
    plan_expires_at: b.planExpiresAt,
    monthly_limit: b.monthlyLimitCredits,
    used_this_month: b.usedThisMonthCredits,
    /** Credits consumable right now: the balance, further limited by what is left of the cap. */
    remaining: b.remaining.consumableCredits,
    remaining_budget: b.remaining.underCapCredits,
    month: b.month,
  };
}

/** GET/PUT /api/v1/credits/alerts: the account's own threshold (null = the default) and the one in force. */
export function toLowBalanceAlertView(configuredCredits: bigint | null) {
  return {
    low_balance_threshold: configuredCredits,
    effective_low_balance_threshold: effectiveLowBalanceThreshold(configuredCredits),
    default_low_balance_threshold: DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS,
  };
}
