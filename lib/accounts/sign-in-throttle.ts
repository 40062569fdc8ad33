import { createHash } from "node:crypto";
import type { Executor } from "@/lib/db";
import { hitRateLimit, releaseRateLimitHit, type RateLimitDecision } from "@/lib/rate-limit/hit-rate-limit";

/**
 * Password guessing is throttled per email, in Postgres (so every instance agrees). An attempt is *reserved*
 * before the password is looked at, and given back when it succeeds (or was never checked): so at most
 * SIGN_IN_FAILURE_LIMIT checks happen per window however many requests arrive at once, and a user who signs in
 * often is never locked out. Unknown emails count the same as known ones, so the answer does not reveal which
 * emails have accounts. The key is a hash: no email in the buckets table.
 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

const keyOf = (email: string) => `sign-in-failures:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;

/** Takes one attempt for this email; `allowed: false` (with retryAfterSeconds) once the window's failures are spent. */
export function reserveSignInAttempt(db: Executor, email: string): Promise<RateLimitDecision> {
  return hitRateLimit(db, { key: keyOf(email), limit: SIGN_IN_FAILURE_LIMIT, windowSeconds: SIGN_IN_WINDOW_SECONDS });
}

/** Gives the reserved attempt back: the password was right, or it was never checked. */
export function releaseSignInAttempt(db: Executor, email: string): Promise<void> {
  return releaseRateLimitHit(db, keyOf(email));
}
