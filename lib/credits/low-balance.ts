/**
 * The low-balance rule, in one place: the overview page warns and `credits.low` fires at or below the account's
 * configured threshold, or at or below this default when the account has not set one.
 */
export const DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS = 500n;

/** The threshold in force: the account's own (`low_balance_threshold_credits`), else the default. */
export function effectiveLowBalanceThreshold(configuredCredits: bigint | null): bigint {
  return configuredCredits ?? DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS;
}

export function isLowBalance(balanceCredits: bigint, configuredCredits: bigint | null): boolean {
  return balanceCredits <= effectiveLowBalanceThreshold(configuredCredits);
}

/** True when a consumption took the balance from above the threshold to at or below it (one alert per crossing). */
export function crossedLowBalance(input: { beforeCredits: bigint; afterCredits: bigint; configuredCredits: bigint | null }): boolean {
  const threshold = effectiveLowBalanceThreshold(input.configuredCredits);
  return input.beforeCredits > threshold && input.afterCredits <= threshold;
}
