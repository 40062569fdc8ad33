import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { idempotencyKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { fingerprintRequest, runIdempotent, type StoredResponse } from "./run-idempotent";

const fp = (body: unknown) => fingerprintRequest("POST", "/api/v1/test", JSON.stringify(body));
let n = 0;
const res = (status: number, body: unknown): StoredResponse => ({ status, bodyText: JSON.stringify(body), headers: {} });
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
    const execute = async (): Promise<StoredResponse> => res(201, { id: `x${++calls}`, credits: 5 });
    const first = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    const again = await runIdempotent(ctx.db, { scope: s, key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(first).toEqual({ ...res(201, { id: "x1", credits: 5 }), replayed: false });
    expect(again).toEqual({ ...res(201, { id: "x1", credits: 5 }), replayed: true });
    expect(calls).toBe(1);
    // Keys are per scope (account): another account's same key is a new request.
    const other = await runIdempotent(ctx.db, { scope: scope(), key: "k1", fingerprint: fp({ a: 1 }) }, execute);
    expect(other.replayed).toBe(false);
  });

  it("the same key with a different body → 422 idempotency_key_reused", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 1 }) }, async () => (res(200, {})));
    const error = await runIdempotent(ctx.db, { scope: s, key: "k", fingerprint: fp({ a: 2 }) }, async () => (res(200, {}))).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("refuses malformed keys with 400", async () => {
    const error = await runIdempotent(ctx.db, { scope: scope(), key: "has space", fingerprint: fp({}) }, async () => (res(200, {}))).catch(
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
      return res(200, { done: true });
    });
    await started.promise;
    const second = await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => (res(200, { done: "twice" }))).catch(
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: "idempotency_key_in_use", retryAfterSeconds: 1 });
    gate.resolve();
    expect(await first).toMatchObject({ status: 200, bodyText: '{"done":true}', replayed: false });
    expect(await runIdempotent(ctx.db, { scope: s, key: "slow", fingerprint: fp({}) }, async () => (res(200, {})))).toMatchObject({
      bodyText: '{"done":true}',
      replayed: true,
    });
  });

  it("a failed response is stored like any other (4xx, 429, 500) and replayed byte for byte without running again", async () => {
    for (const status of [409, 429, 500, 503]) {
      const s = scope();
      let calls = 0;
      // Keys in an order jsonb would not keep, and spacing it would drop: the replay is the stored text itself.
      const bodyText = `{"success":false,"error":{"status":${status},"code":"x","message":"m", "details":{"zeta":1,"alpha":2}}}`;
      const execute = async (): Promise<StoredResponse> => {
        calls++;
        return { status, bodyText, headers: { "content-type": "application/json; charset=utf-8", "retry-after": "7" } };
      };
      const first = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute);
      expect(first).toMatchObject({ status, bodyText, replayed: false });
      const replay = await runIdempotent(ctx.db, { scope: s, key: "e", fingerprint: fp({}) }, execute);
      expect(calls).toBe(1);
      expect(replay).toEqual({ status, bodyText, headers: { "content-type": "application/json; charset=utf-8", "retry-after": "7" }, replayed: true });
    }
  });

  it("a done row without a stored response is refused, not replayed as an empty body", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "legacy", fingerprint: fp({}) }, async () => res(200, { v: 1 }));
    await ctx.db
      .update(idempotencyKeys)
      .set({ responseText: null })
      .where(and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "legacy")));
    await expect(runIdempotent(ctx.db, { scope: s, key: "legacy", fingerprint: fp({}) }, async () => res(200, {}))).rejects.toThrow(/no stored response/);
  });

  it("only a throw from execute (a bug, never an answer) frees the key: the retry runs again", async () => {
    const s = scope();
    let calls = 0;
    const boom = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      throw new Error("lost");
    }).catch((e: unknown) => e);
    expect(boom).toBeInstanceOf(Error);
    const ok = await runIdempotent(ctx.db, { scope: s, key: "boom", fingerprint: fp({}) }, async () => {
      calls++;
      return res(200, { ok: true });
    });
    expect(ok).toMatchObject({ status: 200, replayed: false });
    expect(calls).toBe(2);
  });

  it("takes over a crashed claim whose lock ran out; the crashed request can no longer store its answer", async () => {
    const s = scope();
    const gate = deferred();
    const started = deferred();
    const stale = runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => {
      started.resolve();
      await gate.promise;
      return res(200, { from: "stale" });
    });
    await started.promise;
    const where = and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "crash"));
    await ctx.db.update(idempotencyKeys).set({ lockedUntil: sql`now() - interval '1 second'` }).where(where);
    const fresh = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => (res(200, { from: "fresh" })));
    expect(fresh).toMatchObject({ bodyText: '{"from":"fresh"}', replayed: false });
    gate.resolve();
    expect(await stale).toMatchObject({ bodyText: '{"from":"stale"}' });
    const replay = await runIdempotent(ctx.db, { scope: s, key: "crash", fingerprint: fp({}) }, async () => (res(200, {})));
    expect(replay).toMatchObject({ bodyText: '{"from":"fresh"}', replayed: true });
  });

  it("an expired key (over 24 hours) is forgotten", async () => {
    const s = scope();
    await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 1 }) }, async () => (res(200, { v: 1 })));
    await ctx.db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(and(eq(idempotencyKeys.scope, s), eq(idempotencyKeys.key, "old")));
    const reused = await runIdempotent(ctx.db, { scope: s, key: "old", fingerprint: fp({ a: 2 }) }, async () => (res(200, { v: 2 })));
    expect(reused).toMatchObject({ bodyText: '{"v":2}', replayed: false });
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
    const execute = async (): Promise<StoredResponse> => {
      calls++;
      await gate.promise;
      return res(201, { id: "only" });
    };
    const results = await Promise.allSettled(
      Array.from({ length: others + 1 }, () =>
        runIdempotent(ctx.db, { scope: s, key: "race", fingerprint: fp({}) }, execute).finally(() => {
          if (++settled === others) gate.resolve();
        }),
      ),
    );
    expect(calls).toBe(1);
    const fulfilled = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<StoredResponse & { replayed: boolean }>).value);
    const rejected = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(fulfilled).toMatchObject([{ status: 201, bodyText: '{"id":"only"}', replayed: false }]);
    expect(rejected).toHaveLength(others);
    expect(rejected.every((e) => e instanceof AppError && e.code === "idempotency_key_in_use")).toBe(true);
  });
});
