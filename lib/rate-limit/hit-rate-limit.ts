import { lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rateLimitBuckets } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one (never negative). */
  remaining: number;
  /** When the current window ends (the database's clock, shared by every instance). */
  resetAt: Date;
  /** Seconds until the window ends, rounded up (at least 1): the Retry-After value when refused. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter shared by every app instance, in ONE statement: the upsert takes the bucket's row lock,
 * so concurrent hits on the same key are serialised by Postgres and each sees a distinct count. Exactly `limit`
 * hits per window are allowed, whatever the number of instances. Refused hits are counted too (the counter is
 * a plain hit counter), which keeps the statement single and the answer monotonic within a window.
 *
 * Windows start at the first hit after the previous window expired; the clock is the database's `now()`, so
 * instances with skewed clocks still agree.
 */
export async function hitRateLimit(
  db: Executor,
  input: { key: string; limit: number; windowSeconds: number },
): Promise<RateLimitDecision> {
  const rows = rowsOf<{ points: number; expires_at: Date | string; now: Date | string }>(
    await db.execute(sql`
      insert into rate_limit_buckets as b (key, points, expires_at)
      values (${input.key}, 1, now() + make_interval(secs => ${input.windowSeconds}))
      on conflict (key) do update set
        points = case when b.expires_at <= now() then 1 else b.points + 1 end,
        expires_at = case when b.expires_at <= now() then excluded.expires_at else b.expires_at end
      returning b.points, b.expires_at, now() as now`),
  );
  return decisionFromHit(rows[0]!, input.limit);
}

/** The decision for one counted hit: the bucket's points and window end after it, and the database's clock. */
export function decisionFromHit(hit: { points: number | string; expires_at: Date | string; now: Date | string }, limit: number): RateLimitDecision {
  const resetAt = new Date(hit.expires_at);
  const now = new Date(hit.now);
  const points = Number(hit.points);
  return {
    allowed: points <= limit,
    limit,
    remaining: Math.max(0, limit - points),
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  };
}

/**
 * Gives back one hit taken by `hitRateLimit` in the current window: a reservation that turned out not to count (a
 * sign-in that succeeded, a request refused before any work). Never below zero; an expired bucket is left alone.
 */
export async function releaseRateLimitHit(db: Executor, key: string): Promise<void> {
  await db.execute(sql`
    update rate_limit_buckets set points = points - 1
    where key = ${key} and points > 0 and expires_at > now()`);
}

/** Removes expired buckets (the `purge-rate-limit-buckets` crontab job; a bucket is re-created on the next hit). */
export async function purgeExpiredRateLimitBuckets(db: Executor): Promise<void> {
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.expiresAt, sql`now() - interval '1 minute'`));
}

/** The standard headers for a decision: limit, remaining, and the window's end as Unix seconds. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(decision.remaining),
    "x-ratelimit-reset": String(Math.ceil(decision.resetAt.getTime() / 1000)),
  };
}
