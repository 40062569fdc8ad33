import { eq } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { apiRoute } from "@/lib/api/route";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { accounts, ledgerEntries, monthlyUsage, outboxEvents, rateLimitBuckets } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { sqlClient } from "@/lib/testing/sql-client";
import { checkInvariants } from "@/reliability/harness";
import { POST as batchRoute } from "@/app/api/v1/usage/batch/route";
import { POST as usageRoute } from "@/app/api/v1/usage/route";
import { recordUsage } from "./record-usage";
import { recordUsageBatch } from "./record-usage-batch";
import { usageBatchSchema, usageEventSchema } from "./schemas";
import { toBatchView, toUsageResultView } from "./usage-view";

// The API-key path never reads the session; next-auth itself does not load outside Next.
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, currentUserId: async () => null }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

/** The same route through the ordinary steps (resolve actor → rate limit → body → recordUsage): the reference. */
const classicRoute = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_write", body: usageEventSchema },
  async ({ db, actor, accountId, body }) => {
    const result = await recordUsage(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, event: body });
    return { status: result.replayed ? 200 : 201, body: toUsageResultView(result) };
  },
);

const classicBatchRoute = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_write", body: usageBatchSchema, maxBodyBytes: 1024 * 1024 },
  async ({ db, actor, accountId, body }) => ({
    body: toBatchView(await recordUsageBatch(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, events: body.events })),
  }),
);

const post = (route: (r: Request) => Promise<Response>, key: string, body: unknown, path = "/api/v1/usage") =>
  route(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

/** Status, the envelope or body without the per-call ids and times, and the headers that matter. */
async function comparable(res: Response) {
  const body = (await res.json()) as Record<string, unknown>;
  const strip = (o: unknown): unknown =>
    Array.isArray(o)
      ? o.map(strip)
      : o && typeof o === "object"
      ? Object.fromEntries(
          Object.entries(o as Record<string, unknown>)
            .filter(([k]) => !["ledger_entry_id", "consumed_at", "timestamp", "reset_at", "request_id"].includes(k))
            .map(([k, v]) => [k, strip(v)]),
        )
      : o;
  return {
    status: res.status,
    body: strip(body),
    limit: res.headers.get("x-ratelimit-limit"),
    remaining: res.headers.get("x-ratelimit-remaining"),
    retryAfter: res.headers.get("retry-after") !== null,
  };
}

describeWithDatabase("POST /api/v1/usage with an API key in one round trip", (ctx) => {
  let handle: DbHandle;
  let queries = 0;
  beforeAll(() => {
    // A pool of its own whose every client counts its queries: one `query` call is one round trip.
    handle = openDatabase(ctx.url, { max: 10 });
    handle.pool.on("connect", (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        queries++;
        return query(...args);
      };
    });
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve(handle);
  });
  afterAll(() => handle.close());
  const counted = async <T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> => {
    const before = queries;
    const value = await fn();
    return { value, queries: queries - before };
  };

  it("one statement per call: first use, repeat, refusals, unknown and malformed keys, the batch", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 8n });
    const { key } = await createApiKey(ctx.db, { accountId, name: "rt", createdByUserId: ownerId });
    const cases: Array<[string, () => Promise<Response>, number]> = [
      ["first use of the key (last_used_at written too)", () => post(usageRoute, key, { event_id: "a", credits: 5 }), 201],
      ["repeat", () => post(usageRoute, key, { event_id: "a", credits: 5 }), 200],
      ["over the cap", () => post(usageRoute, key, { event_id: "b", credits: 4 }), 402],
      ["unknown key", () => post(usageRoute, `cm_${"B".repeat(43)}`, { event_id: "c", credits: 1 }), 401],
      ["malformed key", () => post(usageRoute, "cm_short", { event_id: "c", credits: 1 }), 401],
      ["batch", () => post(batchRoute, key, { events: [{ event_id: "d", credits: 1 }, { event_id: "a", credits: 5 }] }, "/api/v1/usage/batch"), 200],
    ];
    for (const [name, call, status] of cases) {
      const { value, queries: n } = await counted(call);
      expect({ name, status: value.status, queries: n }).toEqual({ name, status, queries: 1 });
    }
  });

  it("answers exactly as the ordinary steps do, for every outcome", async () => {
    // Two identical accounts: one served in one step, one by the classic route.
    const setup = async () => {
      const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 8n });
      const { key } = await createApiKey(ctx.db, { accountId, name: "eq", createdByUserId: ownerId });
      return { accountId, key };
    };
    const fused = await setup();
    const classic = await setup();
    const steps: Array<[string, unknown]> = [
      ["first", { event_id: "e1", credits: 5, description: "Search", metadata: { path: "/s", n: 1 } }],
      ["replay", { event_id: "e1", credits: 5 }],
      ["over cap", { event_id: "e2", credits: 4 }],
      ["bad body", { event_id: "e3", credits: 0 }],
      ["not json", "{"],
      ["unknown field", { event_id: "e4", credits: 1, extra: true }],
    ];
    for (const [name, body] of steps) {
      const a = await comparable(await post(usageRoute, fused.key, body));
      const b = await comparable(await post(classicRoute, classic.key, body));
      expect({ name, ...a }).toEqual({ name, ...b });
    }
    // Over the balance once the cap is lifted.
    for (const id of [fused.accountId, classic.accountId]) await ctx.db.update(accounts).set({ monthlyBudgetCredits: null }).where(eq(accounts.id, id));
    const a = await comparable(await post(usageRoute, fused.key, { event_id: "e5", credits: 6 }));
    const b = await comparable(await post(classicRoute, classic.key, { event_id: "e5", credits: 6 }));
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 402, body: { error: { code: "insufficient_balance", details: { balance: 5, requested: 6 } } }, limit: "120" });
    const unknownA = await comparable(await post(usageRoute, `cm_${"C".repeat(43)}`, { event_id: "x", credits: 1 }));
    const unknownB = await comparable(await post(classicRoute, `cm_${"D".repeat(43)}`, { event_id: "x", credits: 1 }));
    // Both count against the same IP's invalid-key budget (so their Remaining differ) and say so in the headers.
    expect({ ...unknownA, remaining: "n" }).toEqual({ ...unknownB, remaining: "n" });
    expect([unknownA.remaining, unknownB.remaining].every((r) => /^\d+$/.test(String(r)))).toBe(true);
    expect(unknownA).toMatchObject({ status: 401, body: { error: { code: "invalid_api_key" } }, limit: "30" });
  });

  it("the batch answers exactly as through the ordinary steps: per-event results, refusals, replays, one budget event", async () => {
    const setup = async () => {
      const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 7n });
      const { key } = await createApiKey(ctx.db, { accountId, name: "b", createdByUserId: ownerId });
      return { accountId, key };
    };
    const fused = await setup();
    const classic = await setup();
    const events = [
      { event_id: "b1", credits: 3, metadata: { k: "v" } },
      { event_id: "b2", credits: 5 },
      { event_id: "b3", credits: 4 },
      { event_id: "b1", credits: 3 },
      { event_id: "b4", credits: 2 },
    ];
    for (const body of [{ events }, { events }, { events: [] }]) {
      const a = await comparable(await post(batchRoute, fused.key, body, "/api/v1/usage/batch"));
      const b = await comparable(await post(classicBatchRoute, classic.key, body, "/api/v1/usage/batch"));
      expect(a).toEqual(b);
    }
    const first = await comparable(await post(batchRoute, fused.key, { events: [{ event_id: "b9", credits: 1 }] }, "/api/v1/usage/batch"));
    expect(first).toMatchObject({ status: 200, body: { results: [{ status: 402, error: { code: "budget_exceeded" } }], balance: 3 } });
    for (const { accountId } of [fused, classic]) {
      const budget = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
      expect(budget.map((e) => [e.eventType, (e.payload as { usage_event_id: string }).usage_event_id])).toEqual([["budget.exceeded", "b2"]]);
      expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 3n, ledgerSum: 3n });
    }
  });

  it("a revoked or regenerated key is refused on its very next call; a refusal changes nothing", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 10n, monthlyBudgetCredits: 6n });
    const created = await createApiKey(ctx.db, { accountId, name: "rv", createdByUserId: ownerId });
    expect((await post(usageRoute, created.key, { event_id: "r1", credits: 1 })).status).toBe(201);
    const regenerated = await regenerateApiKey(ctx.db, { accountId, keyId: created.apiKey.id });
    expect((await post(usageRoute, created.key, { event_id: "r2", credits: 1 })).status).toBe(401);
    expect((await post(usageRoute, regenerated.key, { event_id: "r2", credits: 1 })).status).toBe(201);
    await revokeApiKey(ctx.db, { accountId, keyId: created.apiKey.id });
    const revoked = await post(usageRoute, regenerated.key, { event_id: "r3", credits: 1 });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");

    const other = await createApiKey(ctx.db, { accountId, name: "rv2", createdByUserId: ownerId });
    const snapshot = async () => ({
      balance: (await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!.creditBalance,
      ledger: (await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, accountId))).length,
      used: (await ctx.db.select().from(monthlyUsage).where(eq(monthlyUsage.accountId, accountId))).map((m) => m.usedCredits),
    });
    const before = await snapshot();
    expect(before).toEqual({ balance: 8n, ledger: 3, used: [2n] });
    const overCap = await post(usageRoute, other.key, { event_id: "r4", credits: 5 });
    expect(overCap.status).toBe(402);
    expect(await snapshot()).toEqual(before);
    const budget = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(budget.map((e) => e.eventType)).toEqual(["budget.exceeded"]);
    expect(budget[0]!.payload).toMatchObject({ id: budget[0]!.id, amount: 5, cap_credits: 6, used_credits: 2, balance_credits: 8, api_key_id: other.apiKey.id, usage_event_id: "r4" });
    await ctx.db.update(accounts).set({ monthlyBudgetCredits: null }).where(eq(accounts.id, accountId));
    expect((await post(usageRoute, other.key, { event_id: "r5", credits: 9 })).status).toBe(402);
    expect(await snapshot()).toEqual(before);
  });

  it("concurrent calls on one account never overdraw: exactly the balance is consumed, repeats replay, invariants hold", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 40n, plan: "enterprise" });
    const keys = await Promise.all([1, 2, 3].map((i) => createApiKey(ctx.db, { accountId, name: `c${i}`, createdByUserId: ownerId })));
    const responses = await Promise.all(
      Array.from({ length: 120 }, (_, i) => post(usageRoute, keys[i % 3]!.key, { event_id: `c-${i % 60}`, credits: 1 })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(40);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 402)).toBe(true);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ event_id?: string; replayed?: boolean }>;
    const consumed = new Set(bodies.filter((b, i) => statuses[i] === 201).map((b) => b.event_id));
    expect(consumed.size).toBe(40);
    expect(bodies.filter((_, i) => statuses[i] === 200).every((b) => b.replayed === true && consumed.has(b.event_id))).toBe(true);
    expect(await ledgerInvariant(ctx.db, accountId)).toEqual({ balance: 0n, ledgerSum: 0n, minBalanceAfter: 0n });
    const sql = sqlClient(ctx.url, 2);
    try {
      expect((await checkInvariants(sql)).violations).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("the per-key limit holds exactly under concurrency (free plan: 120 a minute); a 429 consumes nothing", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 1000n });
    const { key } = await createApiKey(ctx.db, { accountId, name: "rl", createdByUserId: ownerId });
    const responses = await Promise.all(Array.from({ length: 125 }, (_, i) => post(usageRoute, key, { event_id: `rl-${i}`, credits: 1 })));
    const ok = responses.filter((r) => r.status === 201);
    const limited = responses.filter((r) => r.status === 429);
    expect([ok.length, limited.length]).toEqual([120, 5]);
    expect(ok.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(limited.every((r) => r.headers.get("x-ratelimit-limit") === "120" && Number(r.headers.get("retry-after")) >= 1)).toBe(true);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 880n, ledgerSum: 880n });
  });

  // Last: it spends the suite's per-IP budget of invalid keys.
  it("unknown keys count against the per-IP invalid-key budget (30 a minute), then 429 with Retry-After", async () => {
    const bucket = await ctx.db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, "ip:invalid-api-key:direct"));
    const left = 30 - (bucket[0]?.points ?? 0);
    const responses = [];
    for (let i = 0; i < left + 2; i++) responses.push(await post(usageRoute, `cm_${"E".repeat(40)}${i}`, { event_id: "x", credits: 1 }));
    expect(responses.map((r) => r.status)).toEqual([...Array<number>(left).fill(401), 429, 429]);
    expect(Number(responses.at(-1)!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await responses.at(-1)!.json()) as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
  });
});
