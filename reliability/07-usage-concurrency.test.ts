// 7. Issue 6, acceptance 2 and 3, over two `next start` instances on one Postgres:
//    - 200 concurrent POST /api/v1/usage of 1 credit, balance 100 and cap 100, over several keys → exactly 100
//      consume (201), the rest are refused (402), balance 0; repeating every event id changes nothing;
//    - rate-limit headers exact under concurrent use across both instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeyRequest,
  checkInvariants,
  createDatabase,
  envelopeProblem,
  rng,
  seedOwner,
  shuffled,
  startApps,
  startCashfree,
  type AppInstance,
  type TestDatabase,
} from "./harness";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20261123);

describe("usage and rate limits under concurrency, two instances", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];

  beforeAll(async () => {
    db = await createDatabase("usage");
    emu = await startCashfree();
    apps = await startApps(2, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  it("200 concurrent 1-credit events against balance 100 / cap 100: exactly 100 succeed, then replays change nothing", async () => {
    const acct = await seedOwner(db.url, { tag: "usage", balanceCredits: 100n, monthlyBudgetCredits: 100n, apiKeys: 4 });
    const events = Array.from({ length: 200 }, (_, i) => ({ i, id: `evt-${i}`, key: acct.apiKeys[i % 4]!, app: apps[i % 2]! }));
    const fire = (list: typeof events) =>
      Promise.all(list.map((e) => apiKeyRequest(e.app.url, e.key, "POST", "/api/v1/usage", { event_id: e.id, credits: 1 }).then((r) => ({ e, r }))));

    const first = await fire(shuffled(events, rng(SEED)));
    const by = (s: number) => first.filter((x) => x.r.status === s);
    const unexpected = first.filter((x) => x.r.status !== 201 && x.r.status !== 402);
    expect(unexpected.map((x) => `${x.r.status} ${x.r.text.slice(0, 200)}`)).toEqual([]);
    expect(by(201)).toHaveLength(100);
    expect(by(402)).toHaveLength(100);
    for (const { r } of by(402)) {
      expect(envelopeProblem(402, r.json)).toBeNull();
      const err = (r.json as { error: { code: string; details: Record<string, unknown> } }).error;
      expect(["budget_exceeded", "insufficient_balance"]).toContain(err.code);
      for (const field of ["balance", "cap", "used", "remaining"]) expect(err.details).toHaveProperty(field);
    }
    const balances201 = by(201).map((x) => Number((x.r.json as { balance: number }).balance));
    expect(new Set(balances201).size).toBe(100); // each success saw a distinct running balance 99..0
    expect(Math.min(...balances201)).toBe(0);

    const [row] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${acct.accountId}`;
    expect(row!.balance).toBe("0");
    const [usage] = await db.sql<{ n: number }[]>`select count(*)::int as n from ledger_entries where account_id = ${acct.accountId} and kind = 'usage'`;
    expect(usage!.n).toBe(100);

    // Every event id again, concurrently, on the other instance and another key: successes replay (200, same
    // answer, nothing consumed), refusals are refused again.
    const succeeded = new Set(by(201).map((x) => x.e.id));
    const again = await fire(shuffled(events.map((e) => ({ ...e, key: acct.apiKeys[(e.i + 1) % 4]!, app: apps[(e.i + 1) % 2]! })), rng(SEED + 1)));
    for (const { e, r } of again) {
      if (succeeded.has(e.id)) {
        expect(r.status, e.id).toBe(200);
        expect((r.json as { replayed: boolean }).replayed).toBe(true);
        const original = first.find((x) => x.e.id === e.id)!.r.json as { balance: number };
        expect((r.json as { balance: number }).balance).toBe(original.balance);
      } else {
        expect(r.status, e.id).toBe(402);
      }
    }
    const [after] = await db.sql<{ balance: string; used: string }[]>`
      select a.credit_balance::text as balance, (select used_credits::text from monthly_usage m where m.account_id = a.id) as used
      from accounts a where a.id = ${acct.accountId}`;
    expect(after).toEqual({ balance: "0", used: "100" });
    expect((await checkInvariants(db.sql)).violations).toEqual([]);
  });

  it("rate limit: 150 concurrent requests of one free-plan key (120/min) across both instances → exactly 120 pass, headers exact", async () => {
    const acct = await seedOwner(db.url, { tag: "ratelimit", apiKeys: 1 });
    const key = acct.apiKeys[0]!;
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => apiKeyRequest(apps[i % 2]!.url, key, "GET", "/api/v1/balance")));
    const unexpected = results.filter((r) => r.status !== 200 && r.status !== 429);
    expect(unexpected.map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
    const passed = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(passed).toHaveLength(120);
    expect(limited).toHaveLength(30);

    for (const r of results) expect(r.headers.get("x-ratelimit-limit")).toBe("120");
    const remaining = passed.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 120 }, (_, i) => i)); // distinct, exactly 0..119
    const resets = new Set(results.map((r) => r.headers.get("x-ratelimit-reset")));
    expect(resets.size).toBe(1); // one shared window, whichever instance answered
    const reset = Number([...resets][0]);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 61);
    for (const r of limited) {
      expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
      const retryAfter = Number(r.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(envelopeProblem(429, r.json)).toBeNull();
      expect((r.json as { error: { code: string } }).error.code).toBe("rate_limit_exceeded");
    }
  });
});
