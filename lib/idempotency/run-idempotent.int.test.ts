import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { idempotencyKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { fingerprintRequest, runIdempotent, type StoredResponse } from "./run-idempotent";

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
    const execute = async (): Promise<StoredResponse> => ({ status: 201, body: { id: `x${++calls}`, credits: 5n } });
    const first = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    const again = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(first).toEqual({ status: 201, body: { id: "x1", credits: 5n }, replayed: false });
    expect(again).toEqual({ status: 201, body: { id: "x1", credits: 5 }, replayed: true });
    expect(calls).toBe(1);
    // Keys are per scope (account): another account's same key is a new request.
    const other = await runIdempotent(ctx.db, { scope: scope(), key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(other.replayed).toBe(false);
  });

  it("the same key with a different body → 422 idempotency_key_reused", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 1 }) }, async () => ({ status: 200, body: {} }));
    const error = await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 2 }) }, async () => ({ status: 200, body: {} })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "idempotency_key_reused", status: 422 });
  });

  it("refuses malformed keys with 400", async () => {
    const error = await runIdempotent(ctx.db, { scope: scope(), key: "has space", fingerprint: fp({}) }, async () => ({ status: 200, body: {} })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "invalid_idempotency_key", status: 400 });
  });

  it("a second call while the first is still running → 409 idempotency_key_in_use; afterwards it replays", async () => {
    const s = scope();
    const gate = deferred();
    const started = deferred();
    const first = runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => {
      started.resolve();
      await gate.promise;
      return { status: 200, body: { done: true } };
    });
    await started.promise;
    const second = await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => ({ status: 200, body: { done: "twice" } })).catch(
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: "idempotency_key_in_use", status: 409, headers: { "retry-after": "1" } });
    gate.resolve();
    expect(await first).toMatchObject({ status: 200, body: { done: true }, replayed: false });
    expect(await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => ({ status: 200, body: {} }))).toMatchObject({
      body: { done: true },
      replayed: true,
    });
  });

  it("an AppError 4xx is stored (bigint details included) and replayed without running again", async () => {
    const s = scope();
    let calls = 0;
    const execute = async (): Promise<StoredResponse> => {
      calls++;
      throw new AppError("coupon_exhausted", "This coupon has reached its redemption limit.", 409, { details: { credits: 100n } });
    };
    const first = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: "coupon_exhausted", status: 409 });
    const replay = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute);
    expect(calls).toBe(1);
    expect(replay).toMatchObject({
      status: 409,
      replayed: true,
      body: { __error: { code: "coupon_exhausted", status: 409, details: { credits: 100 } } },
    });
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
      return { status: 503, body: { error: "later" } };
    });
    expect(fiveHundred).toMatchObject({ status: 503, replayed: false });
    const provider = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      throw new AppError("payment_provider_error", "Cashfree is down.", 502);
    }).catch((e: unknown) => e);
    expect(provider).toMatchObject({ code: "payment_provider_error" });
    const ok = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      return { status: 200, body: { ok: true } };
    });
    expect(ok).toMatchObject({ status: 200, replayed: false });
    expect(calls).toBe(4);
  });

  it("a 429 is not stored", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "rl", fingerprint: fp({}) }, async () => {
      throw new AppError("rate_limit_exceeded", "Slow down.", 429);
    }).catch(() => {});
    const ok = await runIdempotent(ctx.db, { scope: s, key: "rl", fingerprint: fp({}) }, async () => ({ status: 200, body: { ok: 1 } }));
    expect(ok.replayed).toBe(false);
  });

  it("takes over a crashed claim whose lock ran out; the crashed request can no longer store its answer", async () => {
    const s = scope();
    const gate = deferred();
    const started = deferred();
    const stale = runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => {
      started.resolve();
      await gate.promise;
      return { status: 200, body: { from: "stale" } };
    });
    await started.promise;
    const where = and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "crash"));
    await ctx.db.update(idempotencyKeys).set({ lockedUntil: sql`now() - interval '1 second'` }).where(where);
    const fresh = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => ({ status: 200, body: { from: "fresh" } }));
    expect(fresh).toMatchObject({ body: { from: "fresh" }, replayed: false });
    gate.resolve();
    expect(await stale).toMatchObject({ body: { from: "stale" } });
    const replay = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => ({ status: 200, body: {} }));
    expect(replay).toMatchObject({ body: { from: "fresh" }, replayed: true });
  });

  it("an expired key (over 24 hours) is forgotten", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 1 }) }, async () => ({ status: 200, body: { v: 1 } }));
    await ctx.db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "old")));
    const reused = await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 2 }) }, async () => ({ status: 200, body: { v: 2 } }));
    expect(reused).toMatchObject({ body: { v: 2 }, replayed: false });
  });
});

describeWithDatabase("runIdempotent under concurrency", (ctx) => {
  it("20 simultaneous calls with one key run the handler once; the rest get 409 in_use or the replay", async () => {
    const s = scope();
    let calls = 0;
    // The handler finishes only after every other call has been answered, however slow the machine: no sleep.
    let settled = 0;
    let releaseHandler!: () => void;
    const othersAnswered = new Promise<void>((resolve) => (releaseHandler = resolve));
    const execute = async (): Promise<StoredResponse> => {
      calls++;
      await othersAnswered;
      return { status: 201, body: { id: "only" } };
    };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        runIdempotent(ctx.db, { scope: s, key: "race", fingerprint: fp({}) }, execute).finally(() => {
          if (++settled === 19) releaseHandler();
        }),
      ),
    );
    expect(calls).toBe(1);
    const fulfilled = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<StoredResponse & { replayed: boolean }>).value);
    const rejected = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(fulfilled.filter((r) => !r.replayed)).toHaveLength(1);
    expect(fulfilled.every((r) => (r.body as { id: string }).id === "only")).toBe(true);
    expect(rejected).toHaveLength(19);
    expect(rejected.every((e) => e.code === "idempotency_key_in_use" && e.status === 409)).toBe(true);
  });
});
