import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { idempotencyKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { fingerprintRequest, runIdempotent, type StoredOutcome } from "./run-idempotent";

const fp = (body: unknown) => fingerprintRequest("POST", "/api/v1/test", JSON.stringify(body));
let n = 0;
const scope = () => `acc_idem_${Date.now().toString(36)}_${n++}`;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describeWithDatabase("runIdempotent", (ctx) => {
  it("replays the first response for the same key and body, without running the handler again", async () => {
    const s = scope();
    let calls = 0;
    const execute = async (): Promise<StoredOutcome> => ({ kind: "ok", status: 201, body: { id: `x${++calls}`, credits: 5n } });
    const first = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    const again = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(first).toEqual({ kind: "ok", status: 201, body: { id: "x1", credits: 5n }, replayed: false });
    expect(again).toEqual({ kind: "ok", status: 201, body: { id: "x1", credits: 5 }, replayed: true });
    expect(calls).toBe(1);
    // Keys are per scope (account): another account's same key is a new request.
    const other = await runIdempotent(ctx.db, { scope: scope(), key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(other.replayed).toBe(false);
  });

  it("the same key with a different body → 422 idempotency_key_reused", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 1 }) }, async () => ({ kind: "ok", status: 200, body: {} }));
    const error = await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 2 }) }, async () => ({ kind: "ok", status: 200, body: {} })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("refuses malformed keys with 400", async () => {
    const error = await runIdempotent(ctx.db, { scope: scope(), key: "has space", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: {} })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "invalid_idempotency_key" });
  });

  it("a second call while the first is still running → 409 idempotency_key_in_use; afterwards it replays", async () => {
    const s = scope();
    const gate = deferred();
    const started = deferred();
    const first = runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => {
      started.resolve();
      await gate.promise;
      return { kind: "ok", status: 200, body: { done: true } };
    });
    await started.promise;
    const second = await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: { done: "twice" } })).catch(
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: "idempotency_key_in_use", retryAfterSeconds: 1 });
    gate.resolve();
    expect(await first).toMatchObject({ kind: "ok", status: 200, body: { done: true }, replayed: false });
    expect(await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: {} }))).toMatchObject({
      body: { done: true },
      replayed: true,
    });
  });

  it("a typed error outcome is stored (bigint details included) and replayed as that error without running again", async () => {
    const s = scope();
    let calls = 0;
    const execute = async (): Promise<StoredOutcome> => {
      calls++;
      return { kind: "error", status: 409, code: "coupon_exhausted", message: "This coupon has reached its redemption limit.", details: { credits: 100n } };
    };
    const first = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute);
    expect(first).toMatchObject({ kind: "error", code: "coupon_exhausted", status: 409, replayed: false });
    const replay = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute);
    expect(calls).toBe(1);
    expect(replay).toEqual({
      kind: "error",
      status: 409,
      code: "coupon_exhausted",
      message: "This coupon has reached its redemption limit.",
      details: { credits: 100 },
      replayed: true,
    });
  });

  it("a stored row that is not a typed outcome is refused, not replayed as a body", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "legacy", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: { v: 1 } }));
    await ctx.db
      .update(idempotencyKeys)
      .set({ responseBody: { __error: { code: "conflict" } } })
      .where(and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "legacy")));
    await expect(runIdempotent(ctx.db, { scope: s, key: "legacy", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: {} }))).rejects.toThrow(
      /unreadable stored outcome/,
    );
  });

  it("an unexpected error or a 5xx is not stored: the retry runs the handler again", async () => {
    const s = scope();
    let calls = 0;
    const boom = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      throw new Error("database hiccup");
    }).catch((e: unknown) => e);
    expect(boom).toBeInstanceOf(Error);
    const fiveHundred = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      return { kind: "ok", status: 503, body: { error: "later" } };
    });
    expect(fiveHundred).toMatchObject({ status: 503, replayed: false });
    const provider = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      return { kind: "error", status: 502, code: "payment_provider_error", message: "Cashfree is down." };
    });
    expect(provider).toMatchObject({ kind: "error", code: "payment_provider_error", replayed: false });
    const ok = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      return { kind: "ok", status: 200, body: { ok: true } };
    });
    expect(ok).toMatchObject({ status: 200, replayed: false });
    expect(calls).toBe(4);
  });

  it("a 429 is not stored", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "rl", fingerprint: fp({}) }, async () => ({
      kind: "error",
      status: 429,
      code: "rate_limit_exceeded",
      message: "Slow down.",
    }));
    const ok = await runIdempotent(ctx.db, { scope: s, key: "rl", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: { ok: 1 } }));
    expect(ok.replayed).toBe(false);
  });

  it("takes over a crashed claim whose lock ran out; the crashed request can no longer store its answer", async () => {
    const s = scope();
    const gate = deferred();
    const started = deferred();
    const stale = runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => {
      started.resolve();
      await gate.promise;
      return { kind: "ok", status: 200, body: { from: "stale" } };
    });
    await started.promise;
    const where = and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "crash"));
    await ctx.db.update(idempotencyKeys).set({ lockedUntil: sql`now() - interval '1 second'` }).where(where);
    const fresh = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: { from: "fresh" } }));
    expect(fresh).toMatchObject({ body: { from: "fresh" }, replayed: false });
    gate.resolve();
    expect(await stale).toMatchObject({ body: { from: "stale" } });
    const replay = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => ({ kind: "ok", status: 200, body: {} }));
    expect(replay).toMatchObject({ body: { from: "fresh" }, replayed: true });
  });

  it("an expired key (over 24 hours) is forgotten", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 1 }) }, async () => ({ kind: "ok", status: 200, body: { v: 1 } }));
    await ctx.db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "old")));
    const reused = await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 2 }) }, async () => ({ kind: "ok", status: 200, body: { v: 2 } }));
    expect(reused).toMatchObject({ body: { v: 2 }, replayed: false });
  });
});

describeWithDatabase("runIdempotent under concurrency", (ctx) => {
  it("20 simultaneous calls with one key run the handler once; the other 19 get 409 in_use while it runs", async () => {
    const s = scope();
    const others = 19;
    const gate = deferred();
    let calls = 0;
    let settled = 0;
    // The handler holds its claim until every other call has been answered: no timing involved.
    const execute = async (): Promise<StoredOutcome> => {
      calls++;
      await gate.promise;
      return { kind: "ok", status: 201, body: { id: "only" } };
    };
    const results = await Promise.allSettled(
      Array.from({ length: others + 1 }, () =>
        runIdempotent(ctx.db, { scope: s, key: "race", fingerprint: fp({}) }, execute).finally(() => {
          if (++settled === others) gate.resolve();
        }),
      ),
    );
    expect(calls).toBe(1);
    const fulfilled = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<StoredOutcome & { replayed: boolean }>).value);
    const rejected = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(fulfilled).toMatchObject([{ kind: "ok", status: 201, body: { id: "only" }, replayed: false }]);
    expect(rejected).toHaveLength(others);
    expect(rejected.every((e) => e instanceof AppError && e.code === "idempotency_key_in_use")).toBe(true);
  });
});
