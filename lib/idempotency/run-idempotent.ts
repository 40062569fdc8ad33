import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { idempotencyKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const IDEMPOTENCY_TTL_HOURS = 24;
const LOCK_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The first response for a key, as stored and replayed: its status, its body's exact text (a replay is
 * byte-identical, keys in the order they were sent) and the headers a replay repeats (content type, Retry-After).
 */
export interface StoredResponse {
  status: number;
  bodyText: string;
  headers: Record<string, string>;
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
 * Idempotency keys as Cashfree's (seed 004): the first response for a key is stored per scope (the account) and
 * replayed for 24 hours "regardless of whether it succeeded or failed", 4xx, 429 and 500 included (the caller
 * chose to send the same key again; a new attempt takes a new key). The same key with another request → 422;
 * while the first is still running → 409. Only a throw from `execute` (it answers every outcome as a response, so
 * that is a bug or a lost process) frees the key.
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
        );
      }
      if (row.state === "done") {
        if (row.responseStatus === null || row.responseText === null) throw new Error(`idempotency: no stored response for key ${input.key}`);
        return { status: row.responseStatus, bodyText: row.responseText, headers: row.responseHeaders ?? {}, replayed: true };
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
    const store = (response: StoredResponse) =>
      db
        .update(idempotencyKeys)
        .set({ state: "done", responseStatus: response.status, responseText: response.bodyText, responseHeaders: response.headers })
        .where(ours);
    const release = () => db.delete(idempotencyKeys).where(ours);

    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      await release().catch((e: unknown) => log.warn("idempotency: could not free a key", { key: input.key, err: e }));
      throw error;
    }
    try {
      await store(response);
    } catch (storeError) {
      // Never let bookkeeping hide the request's own outcome (a lost database fails both); free the key so a retry
      // can run. A success that could not be recorded is still answered: its work is committed.
      log.warn("idempotency: could not record a response", { key: input.key, error: String(storeError) });
      await release().catch(() => {});
    }
    return { ...response, replayed: false };
  }
  throw new AppError("idempotency_key_in_use", "Could not claim the Idempotency-Key. Retry shortly.");
}
