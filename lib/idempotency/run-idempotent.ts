import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { idempotencyKeys } from "@/lib/db/schema";
import { AppError, type ErrorCode } from "@/lib/errors";
import { toJsonValue } from "@/lib/json";
import { log } from "@/lib/log";

export const IDEMPOTENCY_TTL_HOURS = 24;
const LOCK_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What a request produced, as stored and replayed: a response body, or a typed error (never a marker in a body). */
export type StoredOutcome =
  | { kind: "ok"; status: number; body: unknown }
  | { kind: "error"; status: number; code: ErrorCode; message: string; details?: Record<string, unknown> };

/** Transient outcomes are not stored, so the caller can retry them: 5xx, and 429 (replaying one for 24 hours would lock the caller out). */
const isTransient = (outcome: StoredOutcome) => outcome.status >= 500 || outcome.status === 429;

function isStoredOutcome(value: unknown): value is StoredOutcome {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.status !== "number") return false;
  if (v.kind === "ok") return "body" in v;
  return v.kind === "error" && typeof v.code === "string" && typeof v.message === "string";
}

export function fingerprintRequest(method: string, path: string, rawBody: string): string {
  return createHash("sha256").update(`${method}\n${path}\n${rawBody}`).digest("hex");
}

export function validateIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new AppError("invalid_idempotency_key", "Idempotency-Key must be 1–255 visible ASCII characters.");
  }
}

/**
 * Stripe-style Idempotency-Key: the first outcome (a body or a typed error, with its status) for a key is stored
 * per scope (the account) and replayed for 24 hours. The same key with another request → 422; while the first is
 * still running → 409. Transient outcomes (5xx, 429) and unexpected throws are not stored: the key is freed so
 * the caller can retry.
 *
 * Each claim carries a token (its `locked_until`, truncated to milliseconds so it round-trips exactly): the
 * final store or release only touches the row while it still holds that token, so a request whose lock ran out
 * and was taken over can neither overwrite the new owner's answer nor delete its claim.
 */
export async function runIdempotent(
  db: Db,
  input: { scope: string; key: string; fingerprint: string },
  execute: () => Promise<StoredOutcome>,
): Promise<StoredOutcome & { replayed: boolean }> {
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
        );
      }
      if (row.state === "done") {
        if (!isStoredOutcome(row.responseBody)) throw new Error(`idempotency: unreadable stored outcome for key ${input.key}`);
        return { ...row.responseBody, replayed: true };
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
          { retryAfterSeconds: 1 },
        );
      }
    }

    const ours = and(where, eq(idempotencyKeys.state, "running"), eq(idempotencyKeys.lockedUntil, token));
    // Through toJsonValue: bigint (credits in bodies and error details) cannot go through JSON.stringify.
    const store = (outcome: StoredOutcome) =>
      db
        .update(idempotencyKeys)
        .set({ state: "done", responseStatus: outcome.status, responseBody: toJsonValue(outcome) as never })
        .where(ours);
    const release = () => db.delete(idempotencyKeys).where(ours);

    let outcome: StoredOutcome;
    try {
      outcome = await execute();
    } catch (error) {
      await release().catch((e: unknown) => log.warn("idempotency: could not free a key", { key: input.key, err: e }));
      throw error;
    }
    try {
      if (isTransient(outcome)) await release();
      else await store(outcome);
    } catch (storeError) {
      // Never let bookkeeping hide the request's own outcome; free the key so a retry can run.
      log.warn("idempotency: could not record an outcome", { key: input.key, error: String(storeError) });
      await release().catch(() => {});
      if (outcome.kind === "ok") throw storeError;
    }
    return { ...outcome, replayed: false };
  }
  throw new AppError("idempotency_key_in_use", "Could not claim the Idempotency-Key. Retry shortly.");
}
