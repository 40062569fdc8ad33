/** Attempts per delivery before it is `failed` (the customer can still "send again"). */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Delay before attempt n+1 after n failed attempts: 30 s doubling to a 6 h ceiling, with ±20 % jitter. */
export function defaultBackoffMs(failedAttempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const base = Math.min(30_000 * 2 ** exponent, 6 * 60 * 60 * 1000);
  return Math.round(base * (0.8 + random() * 0.4));
}
