/**
 * Seed 001's conventions through the real apiRoute wrapper, on the test database: X-RateLimit-* on every answer
 * (sessions per user, keys per key, callers without credentials per IP), `database_error` for a failing statement,
 * and seed 004's idempotency (every first response stored, replayed byte for byte, 500 included).
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { SESSION_RATE_LIMIT_PER_MINUTE } from "@/lib/config/plans";
import { rowsOf } from "@/lib/db/rows";
import { memberships, rateLimitBuckets } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { apiRoute } from "./route";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const ORIGIN = "http://localhost:3000";
const get = (headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/v1/test`, { headers });
const post = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/api/v1/test`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const limitOf = (r: Response) => ({ limit: r.headers.get("x-ratelimit-limit"), remaining: r.headers.get("x-ratelimit-remaining") });

describeWithDatabase("apiRoute: the seed's conventions on every response", (ctx) => {
  beforeAll(() => {
    session.db = ctx.db;
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve({ db: ctx.db, url: ctx.url, close: async () => {} });
  });

  const balance = apiRoute({ auth: "session_or_api_key", action: "machine:balance" }, async () => ({ body: { ok: true } }));
  const operatorOnly = apiRoute({ auth: "session", action: "operator:orders" }, async () => ({ body: { ok: true } }));

  it("a session is limited per user, across their accounts: headers on 200 and 403, then 429 with Retry-After", async () => {
    const user = await createUser(ctx.db);
    const { accountId: second } = await createAccount(ctx.db);
    await createAccount(ctx.db, { ownerId: user.id });
    await ctx.db.insert(memberships).values({ accountId: second, userId: user.id, role: "member" });
    session.userId = user.id;

    const ok = await balance(get());
    expect(ok.status).toBe(200);
    expect(limitOf(ok)).toEqual({ limit: String(SESSION_RATE_LIMIT_PER_MINUTE), remaining: String(SESSION_RATE_LIMIT_PER_MINUTE - 1) });
    const forbidden = await operatorOnly(get());
    expect(forbidden.status).toBe(403);
    expect(limitOf(forbidden).remaining).toBe(String(SESSION_RATE_LIMIT_PER_MINUTE - 2));

    // Spend the rest of the window without making 600 calls: the bucket is the database's.
    await ctx.db.update(rateLimitBuckets).set({ points: SESSION_RATE_LIMIT_PER_MINUTE }).where(eq(rateLimitBuckets.key, `user:${user.id}`));
    const limited = await balance(get());
    expect(limited.status).toBe(429);
    expect(limitOf(limited)).toEqual({ limit: String(SESSION_RATE_LIMIT_PER_MINUTE), remaining: "0" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ success: false, error: { code: "rate_limit_exceeded", status: 429 } });

    // Another user has a budget of their own.
    const other = await createUser(ctx.db);
    await createAccount(ctx.db, { ownerId: other.id });
    session.userId = other.id;
    expect(limitOf(await balance(get()))).toEqual({ limit: String(SESSION_RATE_LIMIT_PER_MINUTE), remaining: String(SESSION_RATE_LIMIT_PER_MINUTE - 1) });
    session.userId = null;
  });

  it("an API key is limited per key on every endpoint (not only the machine ones), its 403s included", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const { key } = await createApiKey(ctx.db, { accountId, name: "conv", createdByUserId: ownerId });
    const operatorRoute = apiRoute({ auth: "session_or_api_key", action: "operator:orders" }, async () => ({ body: {} }));
    const first = await balance(get({ "x-api-key": key }));
    expect(limitOf(first)).toEqual({ limit: "120", remaining: "119" });
    const forbidden = await operatorRoute(get({ "x-api-key": key }));
    expect(forbidden.status).toBe(403);
    expect(limitOf(forbidden)).toEqual({ limit: "120", remaining: "118" });
  });

  it("calls without credentials are counted per IP: the 401s (and a key on a session-only endpoint) carry the headers too", async () => {
    session.userId = null;
    const ip = { "x-forwarded-for": "203.0.113.77" };
    await ctx.db.delete(rateLimitBuckets).where(sql`${rateLimitBuckets.key} like 'ip:unauthenticated:%'`);
    const anonymous = await balance(get(ip));
    expect(anonymous.status).toBe(401);
    expect(limitOf(anonymous).limit).toBe("60");
    const keyOnSessionRoute = await operatorOnly(get({ ...ip, "x-api-key": `cm_${"Z".repeat(43)}` }));
    expect(keyOnSessionRoute.status).toBe(403); // api_key_not_allowed: no caller to count but the IP
    expect(Number(limitOf(keyOnSessionRoute).remaining)).toBe(Number(limitOf(anonymous).remaining) - 1);
    const unknownKey = await balance(get({ ...ip, "x-api-key": `cm_${"Y".repeat(43)}` }));
    expect(unknownKey.status).toBe(401);
    expect(limitOf(unknownKey).limit).toBe("30");
  });

  it("a failing statement answers 500 database_error, without the database's words", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const { key } = await createApiKey(ctx.db, { accountId, name: "dberr", createdByUserId: ownerId });
    const failing = apiRoute({ auth: "session_or_api_key", action: "machine:balance" }, async ({ db }) => {
      await db.execute(sql`select 1 / 0`);
      return { body: {} };
    });
    const response = await failing(get({ "x-api-key": key }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ success: false, error: { code: "database_error", status: 500 } });
    expect(text).not.toMatch(/division|select|22012/i);
    expect(limitOf(response).limit).toBe("120");
  });

  it("Idempotency-Key: a 500 and a 429 are stored and replayed byte-identical; a success keeps its key order", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const { key } = await createApiKey(ctx.db, { accountId, name: "idem", createdByUserId: ownerId });
    let calls = 0;
    const route = apiRoute(
      { auth: "session_or_api_key", action: "machine:usage_write", idempotency: true, body: z.strictObject({ outcome: z.enum(["crash", "busy", "ok"]) }) },
      async ({ body }) => {
        calls++;
        if (body.outcome === "crash") throw new Error("lost the thread");
        if (body.outcome === "busy") throw new AppError("too_many_requests", "Busy.", { retryAfterSeconds: 9 });
        return { status: 201, body: { zeta: calls, alpha: { z: 1, a: 2 }, credits: 5n } };
      },
    );
    for (const outcome of ["crash", "busy", "ok"] as const) {
      const idem = { "idempotency-key": `conv-${outcome}-${Date.now()}` };
      const first = await route(post(key, { outcome }, idem));
      const firstText = await first.text();
      const callsAfterFirst = calls;
      const replay = await route(post(key, { outcome }, idem));
      expect(calls).toBe(callsAfterFirst);
      expect(replay.status).toBe(first.status);
      expect(await replay.text()).toBe(firstText);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.headers.get("content-type")).toBe(first.headers.get("content-type"));
      expect(replay.headers.get("retry-after")).toBe(first.headers.get("retry-after"));
      expect(limitOf(replay).limit).toBe("120");
      if (outcome === "crash") expect(JSON.parse(firstText)).toMatchObject({ error: { code: "internal_error", status: 500 } });
      if (outcome === "busy") expect(first.status).toBe(429);
      if (outcome === "ok") expect(firstText.startsWith('{"zeta":')).toBe(true);
    }
    const rows = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from idempotency_keys where scope = ${accountId} and state = 'done'`));
    expect(rows[0]!.n).toBe(3);
  });
});
