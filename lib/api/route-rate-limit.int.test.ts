import { beforeAll, expect, it, vi } from "vitest";
import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { apiRoute } from "./route";

// The API-key path never reads the session; next-auth itself does not load outside Next.
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, currentUserId: async () => null }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

/** Routes through the real wrapper, on the test database (getDb's per-process cache is pointed at it). */
describeWithDatabase("apiRoute rate limiting for API keys", (ctx) => {
  beforeAll(() => {
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve({ db: ctx.db, url: ctx.url, close: async () => {} });
  });

  const balance = apiRoute({ auth: "session_or_api_key", action: "machine:balance" }, async () => ({ body: { ok: true } }));
  const usage = apiRoute(
    { auth: "session_or_api_key", action: "machine:usage_write", body: z.strictObject({ credits: z.number().int().min(1) }) },
    async () => ({ status: 201, body: { ok: true } }),
  );
  const get = (key: string) => balance(new Request("http://localhost/api/v1/balance", { headers: { "x-api-key": key } }));

  it("free plan: 120/min exactly under concurrency; headers on successes, errors and the 429s", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db); // free tier: 120 requests per minute per key
    const { key } = await createApiKey(ctx.db, { accountId, name: "rl", createdByUserId: ownerId });
    const { key: otherKey } = await createApiKey(ctx.db, { accountId, name: "rl2", createdByUserId: ownerId });

    const responses = await Promise.all(Array.from({ length: 150 }, () => get(key)));
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(120);
    expect(limited).toHaveLength(30);
    for (const r of responses) {
      expect(r.headers.get("x-ratelimit-limit")).toBe("120");
      expect(Number(r.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(ok.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    const body = (await limited[0]!.json()) as { success: boolean; error: { code: string; status: number } };
    expect(body).toMatchObject({ success: false, error: { code: "rate_limit_exceeded", status: 429 } });
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.every((r) => r.headers.get("x-ratelimit-remaining") === "0")).toBe(true);

    // Per key: another key of the same account has its own budget; a validation error still carries the headers.
    const bad = await usage(
      new Request("http://localhost/api/v1/usage", { method: "POST", headers: { "x-api-key": otherKey, "content-type": "application/json" }, body: "{}" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-ratelimit-remaining")).toBe("119");

    // Unknown key: 401 before any key is known, so the headers are the per-IP invalid-key budget's.
    const unknown = await get(`cm_${"A".repeat(43)}`);
    expect(unknown.status).toBe(401);
  });
});
