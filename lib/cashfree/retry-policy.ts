export type BackoffOptions = { baseDelayMs: number; maxDelayMs: number };

/**
 * Exponential backoff with "full jitter": a random delay in [base*2^(n-1)/2, base*2^(n-1)], capped.
 * `retryNumber` is 1 for the first retry.
 */
export function backoffDelayMs(retryNumber: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponentialMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  const jitteredMs = exponentialMs / 2 + random() * (exponentialMs / 2);
  return Math.round(jitteredMs);
}

/**
 * Delay Cashfree asks for on a 429, per its API best practices: `x-ratelimit-retry` (seconds), else
 * `x-ratelimit-reset`. The reset header is read as seconds-from-now when small and as an epoch
 * timestamp (seconds or ms) when large. Returns null when neither header is usable.
 */
export function rateLimitDelayMs(headers: Headers, nowMs: number): number | null {
  const retrySeconds = parseNonNegativeNumber(headers.get("x-ratelimit-retry"));
  if (retrySeconds !== null) return Math.ceil(retrySeconds * 1000);

  const reset = parseNonNegativeNumber(headers.get("x-ratelimit-reset"));
  if (reset === null) return null;
  if (reset > 1e12) return Math.max(0, reset - nowMs);
  if (reset > 1e9) return Math.max(0, reset * 1000 - nowMs);
  return Math.ceil(reset * 1000);
}

function parseNonNegativeNumber(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}
