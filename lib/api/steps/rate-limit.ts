import { RATE_LIMIT_WINDOW_SECONDS, rateLimitForPlan } from "@/lib/config/plans";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hitRateLimit, rateLimitHeaders, type RateLimitDecision } from "@/lib/rate-limit/hit-rate-limit";
import type { Actor } from "@/lib/auth/actor";

export { RATE_LIMIT_WINDOW_SECONDS };

/**
 * Counts one request against the API key's per-minute budget. Returns the X-RateLimit-* headers every later
 * response carries, and whether the request is over the limit (then `refusal` is the 429 to answer).
 */
export async function applyRateLimit(
  db: Db,
  actor: Extract<Actor, { kind: "api_key" }>,
): Promise<{ headers: Record<string, string>; refusal: AppError | null }> {
  const decision = await hitRateLimit(db, {
    key: `api_key:${actor.apiKeyId}`,
    limit: rateLimitForPlan(actor.plan),
    windowSeconds: RATE_LIMIT_WINDOW_SECONDS,
  });
  return rateLimitAnswer(decision);
}

/** The X-RateLimit-* headers for a per-key decision, and the 429 to answer when it is over the limit. */
export function rateLimitAnswer(decision: RateLimitDecision): { headers: Record<string, string>; refusal: AppError | null } {
  const refusal = decision.allowed
    ? null
    : new AppError(
        "rate_limit_exceeded",
        `Too many requests: this key may make ${decision.limit} requests per minute. Retry after ${decision.retryAfterSeconds} s.`,
        {
          details: { limit: decision.limit, reset_at: decision.resetAt.toISOString(), retry_after_seconds: decision.retryAfterSeconds },
          retryAfterSeconds: decision.retryAfterSeconds,
        },
      );
  return { headers: rateLimitHeaders(decision), refusal };
}
