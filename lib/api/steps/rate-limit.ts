import { RATE_LIMIT_WINDOW_SECONDS, rateLimitForPlan } from "@/lib/config/plans";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hitRateLimit, rateLimitHeaders, type RateLimitDecision } from "@/lib/rate-limit/hit-rate-limit";
import { hitIpLimit, ipLimitRefusal } from "@/lib/rate-limit/ip-limits";
import { getEnv } from "@/lib/config/env";
import { clientIp } from "@/lib/security/client-ip";
import type { Actor } from "@/lib/auth/actor";

export { RATE_LIMIT_WINDOW_SECONDS };

/**
 * Counts one request against the caller's per-minute budget: an API key's plan limit per key, a session's
 * SESSION_RATE_LIMIT_PER_MINUTE setting per user. Returns the X-RateLimit-* headers every later response carries, and
 * whether the request is over the limit (then `refusal` is the 429 to answer).
 */
export async function applyRateLimit(db: Db, actor: Actor): Promise<{ headers: Record<string, string>; refusal: AppError | null }> {
  const decision = await hitRateLimit(
    db,
    actor.kind === "api_key"
      ? { key: `api_key:${actor.apiKeyId}`, limit: rateLimitForPlan(actor.plan), windowSeconds: RATE_LIMIT_WINDOW_SECONDS }
      : { key: `user:${actor.userId}`, limit: getEnv().SESSION_RATE_LIMIT_PER_MINUTE, windowSeconds: RATE_LIMIT_WINDOW_SECONDS },
  );
  return rateLimitAnswer(decision);
}

/** The X-RateLimit-* headers for a per-key decision, and the 429 to answer when it is over the limit. */
export function rateLimitAnswer(decision: RateLimitDecision): { headers: Record<string, string>; refusal: AppError | null } {
  const refusal = decision.allowed
    ? null
    : new AppError(
        "rate_limit_exceeded",
        `Too many requests: you may make ${decision.limit} requests per minute. Retry after ${decision.retryAfterSeconds} s.`,
        {
          details: { limit: decision.limit, reset_at: decision.resetAt.toISOString(), retry_after_seconds: decision.retryAfterSeconds },
          retryAfterSeconds: decision.retryAfterSeconds,
        },
      );
  return { headers: rateLimitHeaders(decision), refusal };
}

/** Refusals that leave no caller to count (no credentials, a key on a session-only endpoint). */
const ANONYMOUS_REFUSALS = new Set(["unauthorized", "api_key_not_allowed"]);

/**
 * The actor step threw: a refusal without a caller is counted against the client IP's `unauthenticated` budget, so
 * it still carries X-RateLimit-* (and turns into 429 past the budget). Always rethrows; other errors pass as they are.
 */
export async function refuseAnonymously(
  db: Db,
  request: Request,
  error: unknown,
  setLimitHeaders: (headers: Record<string, string>) => void,
): Promise<never> {
  if (!(error instanceof AppError) || !ANONYMOUS_REFUSALS.has(error.code)) throw error;
  const decision = await hitIpLimit(db, "unauthenticated", clientIp(request.headers, getEnv().TRUSTED_PROXY_COUNT));
  setLimitHeaders(rateLimitHeaders(decision));
  throw decision.allowed ? error : ipLimitRefusal("unauthenticated", decision);
}
