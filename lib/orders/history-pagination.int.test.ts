/**
 * Keyset (cursor) pagination of GET /api/v1/payments/history: every sort and order walked page by page returns each
 * of the account's rows exactly once, in the documented order (ties in created_at / amount / paid_at, orders that
 * differ only in microseconds, NULL paid_at last in both directions), never another account's; and a cursor that
 * does not fit the request is a 400 naming the parameter, through the real route wrapper.
 */
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import { zodToAppError } from "@/lib/validation/zod-error";
import type { Db } from "@/lib/db";
import { encodeCursor, type Cursor } from "@/lib/pagination/cursor";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { historyQuerySchema } from "./history-query";
import { listHistory } from "./list-history";
import { insertOrder } from "@/lib/testing/orders";
import { httpStatusOf } from "@/lib/api/http-status";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => session.db,
}));
const { GET: historyRoute } = await import("@/app/api/v1/payments/history/route");

const b64 = (text: string) => Buffer.from(text).toString("base64url");

type Row = { id: string; account_id: string; created_at: string; amount_paise: string; paid_at: string | null; status: string };

describeWithDatabase("payment history: cursor pagination", (ctx) => {
  let accountId: string;
  let ownerId: string;
  let otherAccountId: string;
  let mine: Row[] = [];
  let theirs: Set<string>;

  beforeAll(async () => {
    const a = await createAccount(ctx.db);
    accountId = a.accountId;
    ownerId = a.ownerId;
    otherAccountId = (await createAccount(ctx.db)).accountId;
    const base = Date.parse("2026-11-01T00:00:00Z");
    // 26 orders: created_at in groups of 3 equal instants, amounts from 3 values, every 4th unpaid (NULL paid_at),
    // paid_at in groups of 4 equal instants. The other account's orders share the same keys, interleaved.
    for (let i = 0; i < 26; i++) {
      const paid = i % 4 !== 0;
      await insertOrder(ctx.db, {
        accountId,
        credits: [10n, 20n, 30n][i % 3],
        status: paid ? "PAID" : "ACTIVE",
        createdAt: new Date(base + Math.floor(i / 3) * 60_000),
        paidAt: paid ? new Date(base + 3_600_000 + Math.floor(i / 4) * 3_600_000) : null,
        expiresAt: null,
      });
      if (i % 5 === 0) {
        await insertOrder(ctx.db, {
          accountId: otherAccountId,
          credits: [10n, 20n, 30n][i % 3],
          status: paid ? "PAID" : "ACTIVE",
          createdAt: new Date(base + Math.floor(i / 3) * 60_000),
          paidAt: paid ? new Date(base + 3_600_000 + Math.floor(i / 4) * 3_600_000) : null,
          expiresAt: null,
        });
      }
    }
    // Two of them only microseconds apart from their group (a JS Date would lose that: the cursor must not).
    await ctx.db.execute(sql`
      update orders set created_at = created_at + interval '250 microseconds'
      where id = (select id from orders where account_id = ${accountId} order by id limit 1)`);
    await ctx.db.execute(sql`
      update orders set created_at = created_at + interval '500 microseconds'
      where id = (select id from orders where account_id = ${accountId} order by id desc limit 1)`);
    const all = (await ctx.db.execute(sql`
      select id, account_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_at,
             amount_paise::text as amount_paise, to_char(paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as paid_at, status
      from orders where account_id in (${accountId}, ${otherAccountId})`)) as unknown as Row[] | { rows: Row[] };
    const list = Array.isArray(all) ? all : all.rows;
    mine = list.filter((r) => r.account_id === accountId);
    theirs = new Set(list.filter((r) => r.account_id === otherAccountId).map((r) => r.id));
    expect(mine).toHaveLength(26);
  });

  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = ownerId;
  });

  /** The documented order, computed independently: sort key, then created_at, then id, all in one direction; NULL paid_at last. */
  function expected(rows: Row[], sort: "created_at" | "amount" | "paid_at", order: "asc" | "desc"): string[] {
    const cmp = (a: string | bigint, b: string | bigint) => (a < b ? -1 : a > b ? 1 : 0);
    const sign = order === "asc" ? 1 : -1;
    return [...rows]
      .sort((a, b) => {
        if (sort === "paid_at" && (a.paid_at === null) !== (b.paid_at === null)) return a.paid_at === null ? 1 : -1;
        const first =
          sort === "amount" ? cmp(BigInt(a.amount_paise), BigInt(b.amount_paise)) : sort === "paid_at" ? cmp(a.paid_at ?? "", b.paid_at ?? "") : 0;
        return sign * (first || cmp(a.created_at, b.created_at) || cmp(a.id, b.id));
      })
      .map((r) => r.id);
  }

  async function walk(q: Record<string, string>, account = accountId) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const result = await listHistory(ctx.db, account, historyQuerySchema.parse({ ...q, ...(cursor ? { cursor } : {}) }));
      if (!("payments" in result)) throw new Error("expected payments");
      expect(result.offset).toBe(0);
      ids.push(...result.payments.map((p) => p.order_id));
      if (result.next_cursor === null) return ids;
      expect(result.payments).toHaveLength(Number(q.limit ?? 10));
      cursor = result.next_cursor;
    }
    throw new Error("cursor walk did not end");
  }

  const sorts = ["created_at", "amount", "paid_at"] as const;
  const orders = ["desc", "asc"] as const;
  for (const sort of sorts) {
    for (const order of orders) {
      it(`walks sort=${sort}&order=${order} by cursor: every row once, in order, same as offset paging`, async () => {
        const want = expected(mine, sort, order);
        for (const limit of ["1", "4", "7", "13", "26", "100"]) {
          const got = await walk({ sort, order, limit });
          expect(got).toEqual(want);
          expect(new Set(got).size).toBe(26);
        }
        // Offset paging keeps its order and agrees with the cursor walk.
        const byOffset: string[] = [];
        for (let offset = 0; offset < 26; offset += 5) {
          const page = await listHistory(ctx.db, accountId, historyQuerySchema.parse({ sort, order, limit: "5", offset: String(offset) }));
          if (!("payments" in page)) throw new Error("expected payments");
          expect(page.next_cursor === null).toBe(offset + 5 >= 26);
          byOffset.push(...page.payments.map((p) => p.order_id));
        }
        expect(byOffset).toEqual(want);
        // Filters still apply on every cursor page.
        const paidOnly = mine.filter((r) => r.status === "PAID");
        expect(await walk({ sort, order, limit: "3", status: "paid" })).toEqual(expected(paidOnly, sort, order));
        const small = mine.filter((r) => BigInt(r.amount_paise) <= 2000n);
        expect(await walk({ sort, order, limit: "4", amount: "<=20" })).toEqual(expected(small, sort, order));
      });
    }
  }

  it("a cursor can continue from an offset page (next_cursor on every page) and the last page has next_cursor null", async () => {
    const first = await listHistory(ctx.db, accountId, historyQuerySchema.parse({ sort: "amount", limit: "10", offset: "10" }));
    if (!("payments" in first)) throw new Error("expected payments");
    expect(first.next_cursor).toEqual(expect.any(String));
    const rest = await listHistory(ctx.db, accountId, historyQuerySchema.parse({ sort: "amount", limit: "10", cursor: first.next_cursor! }));
    if (!("payments" in rest)) throw new Error("expected payments");
    expect([...first.payments, ...rest.payments].map((p) => p.order_id)).toEqual(expected(mine, "amount", "desc").slice(10));
    expect(rest.next_cursor).toBeNull();
    expect(rest.total).toBe(26);
  });

  it("never returns another account's rows, even with a cursor made from this account's rows", async () => {
    const theirWalk = await walk({ sort: "paid_at", order: "desc", limit: "2" }, otherAccountId);
    expect(new Set(theirWalk)).toEqual(theirs);
    const page = await listHistory(ctx.db, accountId, historyQuerySchema.parse({ limit: "5" }));
    if (!("payments" in page)) throw new Error("expected payments");
    const fromOther = await listHistory(ctx.db, otherAccountId, historyQuerySchema.parse({ limit: "100", cursor: page.next_cursor! }));
    if (!("payments" in fromOther)) throw new Error("expected payments");
    for (const p of fromOther.payments) expect(theirs.has(p.order_id)).toBe(true);
    expect(await walk({ limit: "3" })).toEqual(expected(mine, "created_at", "desc"));
  });

  const paymentsCursor = (c: Partial<Cursor>) => encodeCursor({ e: "payments", s: "created_at", o: "desc", k: ["2026-11-01T00:00:00.000000Z", "cm_0"], ...c });
  const bad: [string, Record<string, string>, string][] = [
    ["cursor with offset", { cursor: paymentsCursor({}), offset: "0" }, "offset"],
    ["garbage", { cursor: "not a cursor!" }, "cursor"],
    ["base64 of text", { cursor: b64("hello") }, "cursor"],
    ["base64 of another JSON", { cursor: b64(JSON.stringify({ v: 1, e: "payments" })) }, "cursor"],
    ["truncated", { cursor: paymentsCursor({}).slice(0, 20) }, "cursor"],
    ["too long", { cursor: "A".repeat(600) }, "cursor"],
    ["another sort", { cursor: paymentsCursor({}), sort: "amount" }, "cursor"],
    ["another order", { cursor: paymentsCursor({}), order: "asc" }, "cursor"],
    ["an invoices cursor", { cursor: encodeCursor({ e: "invoices", s: "issued_at", o: "desc", k: ["2026-11-01T00:00:00.000000Z", "2627", 1] }) }, "cursor"],
    ["an unknown sort", { cursor: paymentsCursor({ s: "id" }) }, "cursor"],
    ["a key of the wrong length", { cursor: paymentsCursor({ k: ["2026-11-01T00:00:00.000000Z"] }) }, "cursor"],
    ["an impossible date", { cursor: paymentsCursor({ k: ["2026-02-30T00:00:00.000000Z", "cm_0"] }) }, "cursor"],
    ["a millisecond timestamp", { cursor: paymentsCursor({ k: ["2026-11-01T00:00:00.000Z", "cm_0"] }) }, "cursor"],
    ["year zero", { cursor: paymentsCursor({ k: ["0000-01-01T00:00:00.000000Z", "cm_0"] }) }, "cursor"],
    ["an id with SQL in it", { cursor: paymentsCursor({ k: ["2026-11-01T00:00:00.000000Z", "x'); drop table orders;--"] }) }, "cursor"],
    ["a NUL in the id", { cursor: paymentsCursor({ k: ["2026-11-01T00:00:00.000000Z", "cm\u0000"] }) }, "cursor"],
    ["an amount as a number", { sort: "amount", cursor: paymentsCursor({ s: "amount", k: [1000, "2026-11-01T00:00:00.000000Z", "cm_0"] }) }, "cursor"],
    ["an amount beyond bigint", { sort: "amount", cursor: paymentsCursor({ s: "amount", k: ["99999999999999999999", "2026-11-01T00:00:00.000000Z", "cm_0"] }) }, "cursor"],
    ["a null created_at", { sort: "paid_at", cursor: paymentsCursor({ s: "paid_at", k: [null, null, "cm_0"] }) }, "cursor"],
  ];
  it.each(bad)("refuses %s with a 400 naming %s (schema and route)", async (_name, q, param) => {
    const parsed = historyQuerySchema.safeParse(q);
    expect(parsed.success).toBe(false);
    const error = zodToAppError(parsed.error!, "query");
    expect(httpStatusOf(error.code)).toBe(400);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(param);
    if (param === "offset") expect(error.message).toContain("cursor");
    const response = await historyRoute(new Request(`http://localhost:3000/api/v1/payments/history?${new URLSearchParams(q)}`), undefined as never);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain(param);
  });

  it("accepts well-formed cursors at any position (a forged but valid key is only a position, never a 500)", async () => {
    for (const q of <Record<string, string>[]>[
      { cursor: paymentsCursor({ k: ["9999-12-31T23:59:59.999999Z", "zzzz"] }) },
      { cursor: paymentsCursor({ k: ["0001-01-01T00:00:00.000000Z", "cm_0"] }) },
      { sort: "paid_at", order: "asc", cursor: paymentsCursor({ s: "paid_at", o: "asc", k: [null, "2026-11-01T00:00:00.000000Z", "cm_0"] }) },
      { sort: "amount", order: "asc", cursor: paymentsCursor({ s: "amount", o: "asc", k: ["9223372036854775807", "2026-11-01T00:00:00.000000Z", "cm_0"] }) },
    ]) {
      const response = await historyRoute(new Request(`http://localhost:3000/api/v1/payments/history?${new URLSearchParams(q)}`), undefined as never);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { payments: { order_id: string }[]; next_cursor: string | null };
      for (const p of body.payments) expect(theirs.has(p.order_id)).toBe(false);
    }
    const all = await historyRoute(new Request(`http://localhost:3000/api/v1/payments/history?limit=100`), undefined as never);
    expect(await all.json()).toMatchObject({ total: 26, limit: 100, offset: 0, next_cursor: null });
  });
});
