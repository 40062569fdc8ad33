import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/lib/testing/database";
import { hitRateLimit, purgeExpiredRateLimitBuckets, rateLimitHeaders } from "./hit-rate-limit";

describeWithDatabase("rate limiter (fixed window in the database)", (ctx) => {
  it("allows exactly `limit` hits per window, counts down Remaining, and resets after the window", async () => {
    const key = `test:${Math.random()}`;
    const seen = [];
    // A 60 s window, ended by moving its expiry into the past: the database's clock is the limiter's, so the test
    // steps that clock for the bucket instead of sleeping (and cannot flake on a slow machine).
    for (let i = 0; i < 5; i++) seen.push(await hitRateLimit(ctx.db, { key, limit: 3, windowSeconds: 60 }));
    expect(seen.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(seen.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(new Set(seen.map((d) => d.resetAt.getTime())).size).toBe(1);
    expect(seen[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const headers = rateLimitHeaders(seen[0]!);
    expect(headers).toEqual({
      "x-ratelimit-limit": "3",
      "x-ratelimit-remaining": "2",
      "x-ratelimit-reset": String(Math.ceil(seen[0]!.resetAt.getTime() / 1000)),
    });

    await ctx.db.execute(sql`update rate_limit_buckets set expires_at = now() - interval '2 minutes' where key = ${key}`);
    await purgeExpiredRateLimitBuckets(ctx.db);
    expect(await ctx.db.execute(sql`select 1 from rate_limit_buckets where key = ${key}`)).toMatchObject({ rowCount: 0 });
    await ctx.db.execute(sql`insert into rate_limit_buckets (key, points, expires_at) values (${key}, 3, now() - interval '1 second')`);
    const next = await hitRateLimit(ctx.db, { key, limit: 3, windowSeconds: 60 });
    expect(next).toMatchObject({ allowed: true, remaining: 2 });
    expect(next.resetAt.getTime()).toBeGreaterThan(seen[0]!.resetAt.getTime());
  });

  it("keys are independent", async () => {
    const a = await hitRateLimit(ctx.db, { key: "api_key:a", limit: 1, windowSeconds: 60 });
    const b = await hitRateLimit(ctx.db, { key: "api_key:b", limit: 1, windowSeconds: 60 });
    expect([a.allowed, b.allowed]).toEqual([true, true]);
    expect((await hitRateLimit(ctx.db, { key: "api_key:a", limit: 1, windowSeconds: 60 })).allowed).toBe(false);
  });
});

describeWithDatabase("rate limiter under concurrency", (ctx) => {
  it("300 concurrent hits with limit 120 → exactly 120 allowed, Remaining 119..0 each seen once", async () => {
    const key = `api_key:concurrent-${Date.now()}`;
    const decisions = await Promise.all(Array.from({ length: 300 }, () => hitRateLimit(ctx.db, { key, limit: 120, windowSeconds: 60 })));
    const allowed = decisions.filter((d) => d.allowed);
    expect(allowed).toHaveLength(120);
    expect(allowed.map((d) => d.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.retryAfterSeconds >= 1)).toBe(true);
    expect(new Set(decisions.map((d) => d.resetAt.getTime())).size).toBe(1);
  });

  it("two independent connection pools (two app instances) share one budget", async () => {
    const { openDatabase } = await import("@/lib/db/connect");
    const other = openDatabase(ctx.url);
    try {
      const key = `api_key:two-instances-${Date.now()}`;
      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => hitRateLimit(i % 2 ? ctx.db : other.db, { key, limit: 60, windowSeconds: 60 })),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(60);
    } finally {
      await other.close();
    }
  });
});
