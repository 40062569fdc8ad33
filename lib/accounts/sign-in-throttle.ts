import { createHash } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rateLimitBuckets } from "@/lib/db/schema";
import { hitRateLimit } from "@/lib/rate-limit/hit-rate-limit";

/**
 * Password guessing is throttled per email, in Postgres (so every instance agrees): after
 * SIGN_IN_FAILURE_LIMIT failed attempts, further attempts for that email, right or wrong, are refused until the
 * window ends. Only failures count, so a user who signs in often is never locked out; unknown emails count the
 * same as known ones, so the answer does not reveal which emails have accounts. The key is a hash: no email in
 * the buckets table.
 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

const keyOf = (email: string) => `sign-in-failures:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;

/** Seconds until this email may try again, or null when it may try now. */
export async function signInBlockedForSeconds(db: Executor, email: string): Promise<number | null> {
  const [bucket] = await db
    .select({
      points: rateLimitBuckets.points,
      secondsLeft: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimitBuckets.expiresAt} - now())))::int`,
    })
    .from(rateLimitBuckets)
    .where(and(eq(rateLimitBuckets.key, keyOf(email)), gt(rateLimitBuckets.expiresAt, sql`now()`)))
    .limit(1);
  return bucket && bucket.points >= SIGN_IN_FAILURE_LIMIT ? Number(bucket.secondsLeft) : null;
}

export async function recordFailedSignIn(db: Executor, email: string): Promise<void> {
  await hitRateLimit(db, { key: keyOf(email), limit: SIGN_IN_FAILURE_LIMIT, windowSeconds: SIGN_IN_WINDOW_SECONDS });
}
