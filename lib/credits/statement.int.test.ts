/**
 * The credit statement on real PostgreSQL: the running balance against the ledger at every line across a month
 * boundary (entry by entry and with usage summed per day), monthly opening/closing balances, keyset pages, one
 * account never seeing another's lines, and GET /api/v1/credits/ledger through the real wrapper (4xx envelopes).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { appendLedgerEntries, type LedgerSeed } from "@/lib/testing/ledger";
import { listStatement, type StatementLine } from "./list-statement";
import { monthlyBalances } from "./monthly-balances";
import { statementQuerySchema, type StatementQuery } from "./statement-query";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));

const { GET: ledgerRoute } = await import("@/app/api/v1/credits/ledger/route");
const { GET: statementPdfRoute } = await import("@/app/api/v1/credits/statement/route");

// IST wall-clock → instant.
const ist = (s: string) => new Date(`${s}+05:30`);
const query = (params: Record<string, string>): StatementQuery => statementQuerySchema.parse(params);

/** Every line of the statement, page by page (limit small so the walk crosses many pages). */
async function walk(db: Db, accountId: string, params: Record<string, string>) {
  const lines: StatementLine[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listStatement(db, accountId, query({ ...params, ...(cursor ? { cursor } : {}) }));
    lines.push(...page.lines);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 1000);
  return { lines, pages };
}

/** Nov 29 – Dec 2 2026 IST: a top-up, usage by two keys and a session, a coupon, a refund hold, a midnight edge. */
function history(keyA: string, keyB: string): LedgerSeed[] {
  const usage = (at: string, amount: bigint, apiKeyId: string | null): LedgerSeed => ({ kind: "usage", amountCredits: -amount, at: ist(at), apiKeyId });
  return [
    { kind: "topup", amountCredits: 1000n, at: ist("2026-11-29T10:00:00"), description: "Top-up" },
    usage("2026-11-29T11:00:00", 3n, keyA),
    usage("2026-11-29T12:00:00", 4n, keyB),
    usage("2026-11-29T13:00:00", 5n, null),
    { kind: "coupon", amountCredits: 50n, at: ist("2026-11-29T14:00:00"), description: "Coupon" },
    usage("2026-11-29T15:00:00", 6n, keyA),
    usage("2026-11-30T23:59:59.999", 7n, keyA),
    usage("2026-12-01T00:00:00", 8n, keyB),
    { kind: "refund", amountCredits: -100n, at: ist("2026-12-01T09:00:00"), causeKey: `refund:rf_test_${keyA}`, description: "Refund hold" },
    usage("2026-12-01T10:00:00", 9n, keyA),
    { kind: "adjustment", amountCredits: 20n, at: ist("2026-12-02T08:00:00"), description: "Goodwill" },
    usage("2026-12-02T09:00:00", 10n, keyB),
    usage("2026-12-02T09:00:00", 11n, keyB),
  ];
}

describeWithDatabase("credit statement", (ctx) => {
  let accountId: string;
  let ownerId: string;
  let seeds: LedgerSeed[];

  beforeAll(async () => {
    ({ accountId, ownerId } = await createAccount(ctx.db));
    const a = await createApiKey(ctx.db, { accountId, name: "server A", createdByUserId: ownerId });
    const b = await createApiKey(ctx.db, { accountId, name: "server B", createdByUserId: ownerId });
    seeds = history(a.apiKey.id, b.apiKey.id);
    await appendLedgerEntries(ctx.db, accountId, seeds);
  });

  it("entry by entry: the running balance is the ledger's balance after every entry, across the month boundary, on every page", async () => {
    const { lines, pages } = await walk(ctx.db, accountId, { group: "none", limit: "2" });
    expect(pages).toBe(7);
    expect(lines).toHaveLength(seeds.length);
    let sum = 0n;
    lines.forEach((line, i) => {
      sum += seeds[i]!.amountCredits;
      expect(line.amountCredits).toBe(seeds[i]!.amountCredits);
      expect(line.runningBalanceCredits).toBe(sum);
    });
    const invariant = await ledgerInvariant(ctx.db, accountId);
    expect(lines.at(-1)!.runningBalanceCredits).toBe(invariant.balance);
    expect(lines.map((l) => l.key.day)).toContain("2026-11-30");
    expect(lines.find((l) => l.amountCredits === -8n)!.key.day).toBe("2026-12-01");
  });

  it("usage per day: one line at the end of each IST day, with the sum per key, whose balance is the day's closing balance", async () => {
    const { lines } = await walk(ctx.db, accountId, { limit: "1" });
    const view = lines.map((l) => [l.key.day, l.type, l.kind, l.amountCredits, l.runningBalanceCredits, l.events]);
    expect(view).toEqual([
      ["2026-11-29", "entry", "topup", 1000n, 1000n, null],
      ["2026-11-29", "entry", "coupon", 50n, 1050n, null],
      ["2026-11-29", "usage_day", "usage", -18n, 1032n, 4],
      ["2026-11-30", "usage_day", "usage", -7n, 1025n, 1],
      ["2026-12-01", "entry", "refund", -100n, 925n, null],
      ["2026-12-01", "usage_day", "usage", -17n, 908n, 2],
      ["2026-12-02", "entry", "adjustment", 20n, 928n, null],
      ["2026-12-02", "usage_day", "usage", -21n, 907n, 2],
    ]);
    // Every usage line's balance is the ledger's balance after the last entry of that IST day.
    for (const line of lines.filter((l) => l.type === "usage_day")) {
      const dayEnd = ist(`${line.key.day}T23:59:59.999`).getTime();
      const upTo = seeds.filter((s) => s.at.getTime() <= dayEnd).reduce((s, e) => s + e.amountCredits, 0n);
      expect(line.runningBalanceCredits).toBe(upTo);
    }
    const nov29 = lines[2]!.keys!.map((k) => [k.apiKeyName, k.amountCredits, k.events]);
    expect(nov29).toEqual(expect.arrayContaining([["server A", -9n, 2], ["server B", -4n, 1], [null, -5n, 1]]));
    expect(nov29).toHaveLength(3);
  });

  it("a period: starts from the balance before it; monthly opening and closing balances", async () => {
    const page = await listStatement(ctx.db, accountId, query({ from: "2026-12-01", to: "2026-12-01" }));
    expect(page.openingBalanceCredits).toBe(1025n);
    expect(page.lines.map((l) => l.runningBalanceCredits)).toEqual([925n, 908n]);

    const balances = await monthlyBalances(ctx.db, accountId, query({ from: "2026-11-15", to: "2026-12-31" }).period);
    expect(balances.months).toEqual([
      { month: "2026-11", from: "2026-11-15", to: "2026-11-30", openingBalanceCredits: 0n, closingBalanceCredits: 1025n },
      { month: "2026-12", from: "2026-12-01", to: "2026-12-31", openingBalanceCredits: 1025n, closingBalanceCredits: 907n },
    ]);
    expect([balances.openingBalanceCredits, balances.closingBalanceCredits]).toEqual([0n, 907n]);
    // A month's closing is the next month's opening, and opening + the month's lines = closing.
    const dec = await walk(ctx.db, accountId, { from: "2026-12-01", to: "2026-12-31" });
    expect(1025n + dec.lines.reduce((s, l) => s + l.amountCredits, 0n)).toBe(907n);
  });

  it("keyset pages are stable: an entry added after page one neither repeats nor skips a line", async () => {
    const { accountId: acc } = await createAccount(ctx.db);
    await appendLedgerEntries(ctx.db, acc, [1, 2, 3, 4, 5].map((n) => ({ kind: "adjustment" as const, amountCredits: BigInt(n), at: ist(`2026-10-0${n}T12:00:00`) })));
    const first = await listStatement(ctx.db, acc, query({ group: "none", limit: "2" }));
    await appendLedgerEntries(ctx.db, acc, [{ kind: "adjustment", amountCredits: 6n, at: ist("2026-10-06T12:00:00") }]);
    const rest = await walk(ctx.db, acc, { group: "none", limit: "2", cursor: first.nextCursor! });
    expect([...first.lines, ...rest.lines].map((l) => l.amountCredits)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(rest.lines.map((l) => l.runningBalanceCredits)).toEqual([6n, 10n, 15n, 21n]);
  });

  describe("GET /api/v1/credits/ledger", () => {
    beforeEach(() => {
      session.db = ctx.db;
      session.userId = null;
    });
    const get = (qs: string, headers: Record<string, string> = {}) =>
      ledgerRoute(new Request(`http://localhost:3000/api/v1/credits/ledger${qs}`, { headers }) as never);

    it("answers the session's account with an account key too, and pages by next_cursor", async () => {
      const { key } = await createApiKey(ctx.db, { accountId, name: "reader", createdByUserId: ownerId });
      const res = await get("?from=2026-11-29&to=2026-12-02&limit=3", { "x-api-key": key });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(body.lines.map((l: { amount: number; running_balance: number }) => [l.amount, l.running_balance])).toEqual([[1000, 1000], [50, 1050], [-18, 1032]]);
      expect(body.lines[1]).toMatchObject({ cause: "coupon", cause_label: "Coupon", date: "2026-11-29" });
      expect(body.balances).toMatchObject({ opening_balance: 0, closing_balance: 907 });
      const next = await get(`?from=2026-11-29&to=2026-12-02&limit=3&cursor=${body.next_cursor}`, { "x-api-key": key });
      const nextBody = (await next.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(nextBody.balance_before_page).toBe(1032);
      expect(nextBody.lines[0]).toMatchObject({ type: "usage_day", amount: -7, running_balance: 1025, date: "2026-11-30" });
      expect(nextBody.balances).toBeUndefined();
    });

    it("another account sees none of these lines, even with this account's cursor", async () => {
      const other = await createAccount(ctx.db);
      session.userId = other.ownerId;
      const mine = await listStatement(ctx.db, accountId, query({ group: "none", limit: "1" }));
      const res = await get(`?group=none&limit=50&cursor=${mine.nextCursor}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { lines: unknown[]; balance_before_page: number };
      expect(body).toMatchObject({ lines: [], balance_before_page: 0 });
      const all = (await (await get("")).json()) as { lines: unknown[]; balances: { closing_balance: number } };
      expect(all.lines).toEqual([]);
      expect(all.balances.closing_balance).toBe(0);
    });

    it.each([
      ["?from=2026-13-01", "from"],
      ["?from=2026-02-30", "from"],
      ["?from=2026-12-02&to=2026-12-01", "to"],
      ["?group=week", "group"],
      ["?limit=0", "limit"],
      ["?limit=201", "limit"],
      ["?cursor=not-a-cursor", "cursor"],
      ["?sort=amount", ""],
    ])("%s is a 400 in the envelope naming %s", async (qs, field) => {
      session.userId = ownerId;
      const res = await get(qs);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { success: boolean; error: { code: string; message: string } };
      expect(body.success).toBe(false);
      expect(body.error.code).toMatch(/invalid|validation/);
      expect(body.error.message).toContain(field);
    });

    it("the statement of account PDF for a period: opening, monthly and closing balances, each line with its balance", async () => {
      session.userId = ownerId;
      const res = await statementPdfRoute(new Request("http://localhost:3000/api/v1/credits/statement?from=2026-11-30&to=2026-12-02") as never);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="statement-2026-11-30_2026-12-02.pdf"');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const dir = mkdtempSync(path.join(tmpdir(), "khata-statement-"));
      try {
        writeFileSync(path.join(dir, "s.pdf"), bytes);
        const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path.join(dir, "s.pdf"), "-"], { encoding: "utf8" });
        expect(text).toContain("STATEMENT OF ACCOUNT");
        expect(text).toMatch(/Opening\s+1,032/);
        expect(text).toMatch(/Closing\s+907/);
        expect(text).toMatch(/30 Nov 2026 – 30 Nov 2026\s+1,032\s+1,025\s+-7/);
        expect(text).toMatch(/01 Dec 2026 – 02 Dec 2026\s+1,025\s+907\s+-118/);
        expect(text).toMatch(/Refund hold · Refund\s+-100\s+925/);
        expect(text).toMatch(/API usage.*-21\s+907/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const bad = await statementPdfRoute(new Request("http://localhost:3000/api/v1/credits/statement?to=yesterday") as never);
      expect(bad.status).toBe(400);
    });

    it("a cursor made for the other grouping is refused, not misread", async () => {
      session.userId = ownerId;
      const byEntry = await listStatement(ctx.db, accountId, query({ group: "none", limit: "1" }));
      const res = await get(`?group=day&cursor=${byEntry.nextCursor}`);
      expect(res.status).toBe(400);
    });
  });
});
