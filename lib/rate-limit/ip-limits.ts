import { and, eq, gt, gte, sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import { rateLimitBuckets } from "@/lib/db/schema";
import type { Executor } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clientKeyOf } from "@/lib/security/client-ip";
import { hitRateLimit, releaseRateLimitHit, type RateLimitDecision } from "./hit-rate-limit";

/**
 * Per-IP budgets for the anonymous doors, in the shared Postgres buckets (every instance agrees). Defaults are
 * documented in docs/ABUSE.md; IP_RATE_LIMITS overrides them. Sign-in and invalid API keys count here directly;
 * sign-up and the password-reset request through lib/auth/anonymous-action-guard.ts.
 */
export type IpLimitScope = "sign-in" | "sign-up" | "password-reset" | "invalid-api-key" | "unauthenticated";

export const DEFAULT_IP_LIMITS: Record<IpLimitScope, { limit: number; windowSeconds: number }> = {
  // Counts attempts in flight and failures: a successful sign-in gives its point back.
  "sign-in": { limit: 20, windowSeconds: 60 },
  "sign-up": { limit: 5, windowSeconds: 10 * 60 },
  "password-reset": { limit: 5, windowSeconds: 10 * 60 },
  "invalid-api-key": { limit: 30, windowSeconds: 60 },
  // /api/v1 calls with no credentials (or a key on a session-only endpoint): the 401s carry these headers.
  unauthenticated: { limit: 60, windowSeconds: 60 },
};

export function ipLimitFor(scope: IpLimitScope): { limit: number; windowSeconds: number } {
  return getEnv().IP_RATE_LIMITS[scope] ?? DEFAULT_IP_LIMITS[scope];
}

export const ipBucketKey = (scope: IpLimitScope, ip: string | null) => `ip:${scope}:${clientKeyOf(ip)}`;

// Buckets this process has seen spent, until their window ends (local clock, from the database's seconds-left):
// a flood from one IP is then refused without a database round trip. The database stays the authority: an entry
// only repeats what it answered, for that window. Bounded: cleared whole when it grows past MAX_SPENT_ENTRIES.
const MAX_SPENT_ENTRIES = 10_000;
const spentUntil = new Map<string, number>();
const rememberSpent = (key: string, retryAfterSeconds: number) => {
  if (spentUntil.size >= MAX_SPENT_ENTRIES) spentUntil.clear();
  spentUntil.set(key, Date.now() + retryAfterSeconds * 1000);
};
function knownSpentForSeconds(key: string): number | null {
  const until = spentUntil.get(key);
  if (until === undefined) return null;
  if (until <= Date.now()) {
    spentUntil.delete(key);
    return null;
  }
  return Math.max(1, Math.ceil((until - Date.now()) / 1000));
}

/** Tests only: forget what this process remembered of spent buckets. */
export const forgetSpentIpBucketsForTests = () => spentUntil.clear();

/** Counts one hit for this IP in `scope`; `allowed: false` once the window's budget is spent. */
export async function hitIpLimit(db: Executor, scope: IpLimitScope, ip: string | null): Promise<RateLimitDecision> {
  const decision = await hitRateLimit(db, { key: ipBucketKey(scope, ip), ...ipLimitFor(scope) });
  noteIpDecision(scope, ip, decision);
  return decision;
}

/** What hitIpLimit does with a decision counted elsewhere (inside a one-statement SQL function). */
export function noteIpDecision(scope: IpLimitScope, ip: string | null, decision: RateLimitDecision): void {
  if (!decision.allowed) rememberSpent(ipBucketKey(scope, ip), decision.retryAfterSeconds);
}

/**
 * Seconds until this IP may try `scope` again when its budget is already spent, else null. A read, counting
 * nothing: for refusing a flood before any work (Auth.js's CSRF check, the form parse) is spent on it.
 */
export async function ipLimitSpentForSeconds(db: Executor, scope: IpLimitScope, ip: string | null): Promise<number | null> {
  const known = knownSpentForSeconds(ipBucketKey(scope, ip));
  if (known !== null) return known;
  const [bucket] = await db
    .select({ secondsLeft: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimitBuckets.expiresAt} - now())))::int` })
    .from(rateLimitBuckets)
    .where(and(eq(rateLimitBuckets.key, ipBucketKey(scope, ip)), gt(rateLimitBuckets.expiresAt, sql`now()`), gte(rateLimitBuckets.points, ipLimitFor(scope).limit)))
    .limit(1);
  if (!bucket) return null;
  rememberSpent(ipBucketKey(scope, ip), Number(bucket.secondsLeft));
  return Number(bucket.secondsLeft);
}

/** Gives back a hit taken by `hitIpLimit` (e.g. the attempt succeeded). */
export function releaseIpHit(db: Executor, scope: IpLimitScope, ip: string | null): Promise<void> {
  return releaseRateLimitHit(db, ipBucketKey(scope, ip));
}

export function ipLimitRefusal(scope: IpLimitScope, decision: RateLimitDecision): AppError {
  return new AppError("rate_limit_exceeded", `Too many ${scope} requests from your network. Retry after ${decision.retryAfterSeconds} s.`, {
    details: { scope, limit: decision.limit, reset_at: decision.resetAt.toISOString(), retry_after_seconds: decision.retryAfterSeconds },
    retryAfterSeconds: decision.retryAfterSeconds,
  });
}

/** Counts one hit and throws 429 `rate_limit_exceeded` (with Retry-After) when the IP is over its budget. */
export async function enforceIpLimit(db: Executor, scope: IpLimitScope, ip: string | null): Promise<RateLimitDecision> {
  const decision = await hitIpLimit(db, scope, ip);
  if (!decision.allowed) throw ipLimitRefusal(scope, decision);
  return decision;
}
