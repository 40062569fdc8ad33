import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { idempotencyKeys } from "@/lib/db/schema";
import { toJson } from "@/lib/api/envelope";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const IDEMPOTENCY_TTL_HOURS = 24;
const LOCK_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function fingerprintRequest(method: string, path: string, rawBody: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${rawBody}`).digest("hex");
}

export function validateIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new AppError("invalid_idempotency_key", "Idempotency-Key must be 1–255 visible ASCII characters.", 400);
  }
}

/**
 * Stripe-style Idempotency-Key: the first response (status and body, errors included) for a key is stored per
 * scope (the account) and replayed for 24 hours. The same key with another request → 422; while the first is
 * still running → 409. Unexpected 5xx are not stored, so the caller can retry them; neither are 429s (transient
 * by definition: replaying one for 24 hours would lock the caller out).
 *
 * Each claim carries a token (its `locked_until`, truncated to milliseconds so it round-trips exactly): the
 * final store or release only touches the row while it still holds that token, so a request whose lock ran out
 * and was taken over can neither overwrite the new owner's answer nor delete its claim.
 */
export async function runIdempotent(
  db: Db,
  input: { scope: string; key: string; fingerprint: string },
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  validateIdempotencyKey(input.key);
  const where = and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.key, input.key));
  const newLock = sql`date_trunc('milliseconds', now() + make_interval(secs => ${LOCK_SECONDS}))`;

  for (let attempt = 0; attempt < 3; attempt++) {
    await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, sql`now()`)));
    const claimed = await db
      .insert(idempotencyKeys)
      .values({
        scope: input.scope,
        key: input.key,
        requestHash: input.fingerprint,
        state: "running",
        lockedUntil: newLock,
        expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
      })
      .onConflictDoNothing()
      .returning({ lockedUntil: idempotencyKeys.lockedUntil });

    let token = claimed[0]?.lockedUntil ?? null;
    if (!token) {
      const [row] = await db.select().from(idempotencyKeys).where(where).limit(1);
      if (!row) continue;
      if (row.requestHash !== input.fingerprint) {
        throw new AppError(
          "idempotency_key_reused",
          "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
          422,
        );
      }
      if (row.state === "done") {
        return { status: row.responseStatus ?? 200, body: row.responseBody, replayed: true };
      }
      // A running claim whose lock ran out belongs to a crashed request: take it over.
      const takenOver = await db
        .update(idempotencyKeys)
        .set({ lockedUntil: newLock })
        .where(and(where, eq(idempotencyKeys.state, "running"), lt(idempotencyKeys.lockedUntil, sql`now()`)))
        .returning({ lockedUntil: idempotencyKeys.lockedUntil });
      token = takenOver[0]?.lockedUntil ?? null;
      if (!token) {
        throw new AppError(
          "idempotency_key_in_use",
          "A request with this Idempotency-Key is still being processed. Retry shortly.",
          409,
          { headers: { "retry-after": "1" } },
        );
      }
    }

    const ours = and(where, eq(idempotencyKeys.state, "running"), eq(idempotencyKeys.lockedUntil, token));
    const store = (response: StoredResponse) =>
      db
        .update(idempotencyKeys)
        // Through toJson: bigint (credits in bodies and error details) cannot go through JSON.stringify.
        .set({ state: "done", responseStatus: response.status, responseBody: JSON.parse(toJson(response.body ?? null)) as never })
        .where(ours);
    const release = () => db.delete(idempotencyKeys).where(ours);

    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      try {
        if (error instanceof AppError && error.status < 500 && error.status !== 429) {
          await store({
            status: error.status,
            body: { __error: { code: error.code, message: error.message, status: error.status, details: error.details } },
          });
        } else {
          await release();
        }
      } catch (storeError) {
        // Never let bookkeeping hide the request's own outcome; free the key so a retry can run.
        log.warn("idempotency: could not record an error response", { key: input.key, err: storeError });
        await release().catch(() => {});
      }
      throw error;
    }
    if (response.status >= 500 || response.status === 429) {
      await release();
    } else {
      await store(response);
    }
    return { ...response, replayed: false };
  }
  throw new AppError("idempotency_key_in_use", "Could not claim the Idempotency-Key. Retry shortly.", 409);
}
