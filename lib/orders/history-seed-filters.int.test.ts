/**
 * Seed 003's list parameters on the unified GET /api/v1/payments/history (issue 14): online (Cashfree) and offline
 * payments of one account together, every seed filter table-driven and 200 random combinations against a small
 * reference implementation; Khata's own names give the same answers as the seed's; show_count's shape and refusals
 * naming the parameter through the real route.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { offlinePayments, orders } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { IST_OFFSET_MS } from "@/lib/money/ist";
import { OFFLINE_MODES, OFFLINE_STATUSES } from "@/lib/offline-payments/schemas";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";
import { historyQuerySchema, type HistoryQuery } from "./history-query";
import { listHistory } from "./list-history";

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

/** mulberry32: seeded, so every run sees the same data and queries. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(14_003);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** One history row as the reference sees it. */
interface Row {
  id: string;
  createdAt: Date;
  paidAt: Date | null;
  status: "PAID" | "FAILED" | "ACTIVE";
  plan: string | null;
  amountPaise: bigint;
  offline: null | { id: string; mode: string; status: string; paidOn: string; seq: number; prefix: string; suffix: string; recordedBy: string };
}

const istDay = (d: Date) => new Date(d.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);

/** Seed 003's semantics over both kinds of payment, written the plain way (sorts by created_at / amount / paid_at, then id). */
function reference(rows: Row[], q: HistoryQuery): string[] | number {
  const amountOk = (paise: bigint) => {
    if (!q.amount) return true;
    const { op, paise: v } = q.amount;
    return op === "<" ? paise < v : op === "<=" ? paise <= v : op === ">" ? paise > v : op === ">=" ? paise >= v : paise === v;
  };
  const statusOk = (r: Row) => {
    if (!q.status && !q.seed_status) return true;
    const api = r.status === "PAID" ? "paid" : r.status === "FAILED" ? "failed" : "pending";
    const seed = r.offline ? r.offline.status : r.status === "PAID" ? "Paid" : null;
    return (q.status ?? []).includes(api) || (seed !== null && (q.seed_status ?? []).includes(seed as never));
  };
  const paidDay = (r: Row) => (r.offline ? r.offline.paidOn : r.paidAt ? istDay(r.paidAt) : null);
  const matched = rows.filter((r) => {
    const day = paidDay(r);
    return (
      statusOk(r) &&
      amountOk(r.amountPaise) &&
      (q.paid_from === undefined || (day !== null && day >= q.paid_from)) &&
      (q.paid_upto === undefined || (day !== null && day <= q.paid_upto)) &&
      (q.paymentid === undefined || r.id === q.paymentid || r.offline?.id === q.paymentid) &&
      (q.serviceid === undefined || r.plan === q.serviceid) &&
      (q.mode === undefined || (r.offline ? r.offline.mode === q.mode : q.mode === "Online")) &&
      (q.receiptno === undefined || r.offline?.seq === q.receiptno) &&
      (q.prefix === undefined || r.offline?.prefix === q.prefix) &&
      (q.suffix === undefined || r.offline?.suffix === q.suffix) &&
      (q.userid === undefined || r.offline?.recordedBy === q.userid)
    );
  });
  if (q.count) return matched.length;
  const dir = q.order === "asc" ? 1 : -1;
  const far = q.order === "asc" ? Infinity : -Infinity;
  const key = (r: Row): (number | bigint | string)[] => {
    const tail = [r.createdAt.getTime(), r.id];
    if (q.sort === "amount") return [r.amountPaise, ...tail];
    if (q.sort === "paid_at") return [r.paidAt ? r.paidAt.getTime() : far, ...tail];
    return tail;
  };
  const cmp = (a: Row, b: Row) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i]! < kb[i]! ? -1 : 1) * dir;
    return 0;
  };
  return matched.sort(cmp).slice(q.offset, q.offset + q.limit).map((r) => r.id);
}

describeWithDatabase("payment history: seed 003's filters over online and offline payments", (ctx) => {
  const rows: Row[] = [];
  let accountId: string;
  let ownerId: string;
  let operators: string[] = [];

  beforeAll(async () => {
    const a = await createAccount(ctx.db);
    accountId = a.accountId;
    ownerId = a.ownerId;
    operators = await Promise.all([0, 1].map(async () => (await createUser(ctx.db, { isOperator: true })).id));
    const other = await createAccount(ctx.db);
    const base = Date.parse("2026-11-01T00:00:00Z");
    let seq = 0;
    for (let i = 0; i < 60; i++) {
      const offline = i % 2 === 0;
      const status = offline ? "PAID" : pick(["PAID", "PAID", "FAILED", "ACTIVE"] as const);
      const createdAt = new Date(base + Math.floor(random() * 40) * 3_600_000);
      // Some paid late in the evening UTC: the next IST day.
      const paidAt = status === "PAID" ? new Date(createdAt.getTime() + pick([60_000, 19 * 3_600_000])) : null;
      const plan = random() < 0.3 ? pick(["starter", "pro"] as const) : undefined;
      const order = await insertOrder(ctx.db, { accountId, status, createdAt, paidAt, expiresAt: null, ...(plan ? { plan } : { credits: pick([50n, 80n, 100n, 1000n]) }) });
      const row: Row = { id: order.id, createdAt, paidAt, status, plan: order.plan, amountPaise: order.amountPaise, offline: null };
      if (offline) {
        await ctx.db.update(orders).set({ cashfreeEnv: "offline", cfOrderId: null, paymentSessionId: null }).where(eq(orders.id, order.id));
        seq += 1;
        const parts = pick([{ prefix: "RCPT/", suffix: "/26-27" }, { prefix: "R-", suffix: "" }]);
        const offlineStatus = pick(OFFLINE_STATUSES);
        const o = {
          id: newId("op"),
          mode: pick(OFFLINE_MODES),
          status: offlineStatus,
          paidOn: pick(["2026-10-30", "2026-11-01", "2026-11-02"]),
          seq,
          ...parts,
          recordedBy: pick(operators),
        };
        await ctx.db.insert(offlinePayments).values({
          id: o.id,
          accountId,
          orderId: order.id,
          amountPaise: order.amountPaise,
          mode: o.mode,
          paidOn: o.paidOn,
          paysFor: order.plan ? "plan" : "credit_topup",
          plan: order.plan,
          credits: order.credits,
          status: o.status,
          receiptPrefix: o.prefix,
          receiptSeq: seq,
          receiptSuffix: o.suffix,
          receiptNumber: `${o.prefix}${seq}${o.suffix}`,
          financialYear: "2026-27",
          recordedByUserId: o.recordedBy,
          recordedAt: createdAt,
          ...(offlineStatus !== "Paid" ? { cancelRequestedByUserId: operators[0], cancelRequestedAt: createdAt, cancelReason: "test" } : {}),
        });
        row.offline = o;
      }
      rows.push(row);
      // Another account's payment with the same keys: never listed.
      if (i % 10 === 0) await insertOrder(ctx.db, { accountId: other.accountId, status: "PAID", createdAt, paidAt, expiresAt: null });
    }
  });

  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = ownerId;
  });

  const check = async (params: Record<string, string>) => {
    const parsed = historyQuerySchema.safeParse(params);
    if (!parsed.success) throw new Error(`query ${JSON.stringify(params)} was refused: ${parsed.error.message}`);
    const listed = await listHistory(ctx.db, accountId, parsed.data);
    const actual = "payments" in listed ? listed.payments.map((p) => p.order_id) : "result" in listed ? listed.result : listed.count;
    expect(actual, JSON.stringify(params)).toEqual(reference(rows, parsed.data));
    return actual;
  };

  it.each<[string, Record<string, string>]>([
    ["Khata's defaults: 10, newest first", {}],
    ["seed paging defaults to ascending", { rows_limit: "100" }],
    ["sort_field=id is chronological, ascending", { sort_field: "id", rows_limit: "15", rows_offset: "15" }],
    ["sort_field=amt desc", { sort_field: "amt", sort_order: "desc", rows_limit: "100" }],
    ["sort_field=payment_date (unpaid last)", { sort_field: "payment_date", rows_limit: "100" }],
    ["status Paid: online paid + offline not cancelled", { status: "Paid", rows_limit: "100" }],
    ["status Cancelled (offline), count", { status: "Cancelled", show_count: "1" }],
    ["status CancelRequest", { status: "CancelRequest", rows_limit: "100" }],
    ["status mixes Khata's and the seed's", { status: "failed,CancelRequest", rows_limit: "100" }],
    ["Khata's lower-case paid includes cancelled offline payments", { status: "paid", show_count: "1" }],
    ["amt ≥80", { amt: "≥80", rows_limit: "100" }],
    ["amt ≤100", { amt: "≤100", rows_limit: "100" }],
    ["amt <100", { amt: "<100", rows_limit: "100" }],
    ["amt >=80", { amt: ">=80", rows_limit: "100" }],
    ["amt <=1000", { amt: "<=1000", rows_limit: "100" }],
    ["amt >999", { amt: ">999", rows_limit: "100" }],
    ["amt =1000 and bare 1000", { amt: "1000", rows_limit: "100" }],
    ["mode Cheque (offline only)", { mode: "Cheque", rows_limit: "100" }],
    ["mode Online: Cashfree payments and offline Online", { mode: "Online", rows_limit: "100" }],
    ["receiptno", { receiptno: "3" }],
    ["prefix and suffix", { prefix: "RCPT/", suffix: "/26-27", rows_limit: "100" }],
    ["empty suffix", { suffix: "", rows_limit: "100" }],
    ["paid_from/paid_upto: offline payment date, online IST day", { paid_from: "2026-11-01", paid_upto: "2026-11-01", rows_limit: "100" }],
    ["paid_upto only", { paid_upto: "2026-10-31", rows_limit: "100" }],
    ["serviceid = plan", { serviceid: "pro", rows_limit: "100" }],
    ["show_count ignores rows_limit and rows_offset", { status: "Paid", show_count: "1", rows_limit: "1", rows_offset: "50" }],
    ["offset past the end", { rows_offset: "500" }],
    ["last partial page", { rows_limit: "7", rows_offset: "56" }],
  ])("%s", async (_, params) => {
    await check(params);
  });

  it("paymentid finds an order by its id and an offline payment by its op_ id; userid finds the recorder's", async () => {
    const offline = rows.find((r) => r.offline)!;
    expect(await check({ paymentid: offline.offline!.id })).toEqual([offline.id]);
    expect(await check({ paymentid: offline.id })).toEqual([offline.id]);
    const mine = (await check({ userid: operators[1]!, rows_limit: "100" })) as string[];
    expect(mine.length).toBeGreaterThan(0);
  });

  it("Khata's names and the seed's give the same answer", async () => {
    const pairs: [Record<string, string>, Record<string, string>][] = [
      [{ limit: "5", offset: "5", sort: "amount", order: "asc" }, { rows_limit: "5", rows_offset: "5", sort_field: "amt", sort_order: "asc" }],
      [{ amount: "≥80", sort: "paid_at", order: "desc", limit: "100" }, { amt: ">=80", sort_field: "payment_date", sort_order: "desc", rows_limit: "100" }],
    ];
    for (const [khata, seed] of pairs) expect(await check(khata)).toEqual(await check(seed));
    expect(await check({ count_only: "1", status: "paid" })).toBe(await check({ show_count: "1", status: "paid" }));
  });

  it("200 random combinations agree with the reference", async () => {
    const values: Record<string, string[]> = {
      status: ["Paid", "Cancelled", "CancelRequest", "paid", "failed,Cancelled", "pending"],
      amt: ["≥80", "≤100", "<100", ">50", "=1000", "80", ">=2999", "<=999"],
      mode: [...OFFLINE_MODES],
      prefix: ["RCPT/", "R-"],
      suffix: ["/26-27", ""],
      paid_from: ["2026-10-30", "2026-11-01", "2026-11-02"],
      paid_upto: ["2026-11-01", "2026-11-02", "2026-11-03"],
      sort_field: ["id", "amt", "payment_date"],
      sort_order: ["asc", "desc"],
      rows_limit: ["1", "3", "10", "100"],
      rows_offset: ["0", "2", "9", "40"],
      show_count: ["0", "1"],
    };
    for (let i = 0; i < 200; i++) {
      const params: Record<string, string> = {};
      for (const [name, options] of Object.entries(values)) if (random() < 0.3) params[name] = pick(options);
      if (params.paid_from && params.paid_upto && params.paid_from > params.paid_upto) delete params.paid_upto;
      await check(params);
    }
  });

  it("show_count=1 answers seed 003's shape and count_only=1 Khata's, through the route", async () => {
    const get = async (q: string) => {
      const response = await historyRoute(new Request(`http://localhost:3000/api/v1/payments/history?${q}`), undefined as never);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const cancelled = rows.filter((r) => r.offline?.status === "Cancelled").length;
    expect(await get("status=Cancelled&paid_from=2020-01-01&show_count=1")).toEqual({ status: 200, body: { result: cancelled, error: null } });
    expect(await get("status=Cancelled&count_only=1")).toEqual({ status: 200, body: { count: cancelled } });
    const listed = await get(`mode=Cheque&rows_limit=100`);
    const payments = listed.body.payments as { offline_payment: { mode: string; receipt_number: string } | null }[];
    expect(payments.length).toBeGreaterThan(0);
    for (const p of payments) expect(p.offline_payment).toMatchObject({ mode: "Cheque", receipt_number: expect.stringMatching(/^R/) });
  });

  it.each<[Record<string, string>, string]>([
    [{ status: "Refunded" }, "status"],
    [{ status: "paid,CANCELREQUEST" }, "status"],
    [{ mode: "UPI" }, "mode"],
    [{ mode: "cash" }, "mode"],
    [{ amt: "≈5" }, "amt"],
    [{ amt: "=>5" }, "amt"],
    [{ amt: "1.234" }, "amt"],
    [{ receiptno: "R1" }, "receiptno"],
    [{ paymentid: "42" }, "paymentid"],
    [{ paid_from: "2026-02-30" }, "paid_from"],
    [{ paid_from: "2026-12-02", paid_upto: "2026-12-01" }, "paid_upto"],
    [{ rows_limit: "101" }, "rows_limit"],
    [{ rows_limit: "0" }, "rows_limit"],
    [{ rows_offset: "-1" }, "rows_offset"],
    [{ sort_field: "ispid" }, "sort_field"],
    [{ sort_order: "up" }, "sort_order"],
    [{ show_count: "2" }, "show_count"],
    [{ ispid: "1" }, "ispid"],
    [{ resellerid: "1" }, "resellerid"],
    [{ serviceid: "gold" }, "serviceid"],
    [{ limit: "5", rows_limit: "5" }, "rows_limit"],
    [{ amount: "5", amt: "5" }, "amt"],
    [{ sort: "amount", sort_field: "amt" }, "sort_field"],
    [{ order: "asc", sort_order: "asc" }, "sort_order"],
  ])("refuses %j with a 400 naming %s", async (params, name) => {
    const response = await historyRoute(new Request(`http://localhost:3000/api/v1/payments/history?${new URLSearchParams(params)}`), undefined as never);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toContain(name);
  });
});
