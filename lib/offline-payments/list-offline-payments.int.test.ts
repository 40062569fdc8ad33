/**
 * Seed 003's list filters (issue 14, acceptance 3), table-driven and random, against a small reference
 * implementation over random data: every filter, ≤/≥, show_count, sort and paging edges. Queries go through the
 * route's zod schema, so the strings are exactly what a client sends.
 */
import { beforeAll, expect, it } from "vitest";
import { PLAN_IDS } from "@/lib/config/plans";
import { offlinePayments } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";
import { listOfflinePayments } from "./list-offline-payments";
import { OFFLINE_MODES, OFFLINE_STATUSES, SORT_FIELDS, listOfflinePaymentsQuerySchema, type ListOfflinePaymentsQuery } from "./schemas";

type Row = typeof offlinePayments.$inferSelect;

/** mulberry32: a seeded PRNG, so every run sees the same "random" data and queries. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261203);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const AMOUNTS = [100n, 8_000n, 10_000n, 50_050n, 100_000n, 499_900n];
const DATES = ["2026-04-01", "2026-06-15", "2026-11-30", "2026-12-01", "2027-03-31"];
const PARTS = [
  { prefix: "RCPT/", suffix: "/26-27" },
  { prefix: "RCPT/", suffix: "/27-28" },
  { prefix: "R-", suffix: "" },
];

/** The reference: seed 003's semantics written the plain way. */
function reference(rows: Row[], q: ListOfflinePaymentsQuery): string[] | number {
  const amountOk = (paise: bigint) => {
    if (!q.amt) return true;
    const { op, paise: v } = q.amt;
    return op === "<" ? paise < v : op === "<=" ? paise <= v : op === ">" ? paise > v : op === ">=" ? paise >= v : paise === v;
  };
  const matched = rows.filter(
    (r) =>
      (q.paymentid === undefined || r.id === q.paymentid) &&
      (q.customerid === undefined || r.accountId === q.customerid) &&
      (q.serviceid === undefined || r.plan === q.serviceid) &&
      (q.userid === undefined || r.recordedByUserId === q.userid) &&
      (q.receiptno === undefined || r.receiptSeq === q.receiptno) &&
      (q.prefix === undefined || r.receiptPrefix === q.prefix) &&
      (q.suffix === undefined || r.receiptSuffix === q.suffix) &&
      (q.mode === undefined || r.mode === q.mode) &&
      (q.status === undefined || r.status === q.status) &&
      amountOk(r.amountPaise) &&
      (q.paid_from === undefined || r.paidOn >= q.paid_from) &&
      (q.paid_upto === undefined || r.paidOn <= q.paid_upto),
  );
  if (q.show_count) return matched.length;
  const key = SORT_FIELDS[q.sort_field];
  const value = (r: Row): string | number | bigint | null =>
    ({ id: r.id, account: r.accountId, plan: r.plan, recorded_by: r.recordedByUserId, receipt: r.receiptSeq, amount: r.amountPaise, paid_on: r.paidOn })[key];
  const dir = q.sort_order === "desc" ? -1 : 1;
  const cmp = (a: Row, b: Row) => {
    const va = value(a);
    const vb = value(b);
    // PostgreSQL: NULLs are larger than any value (last ascending, first descending).
    if (va !== vb) {
      if (va === null) return dir;
      if (vb === null) return -dir;
      return (va < vb ? -1 : 1) * dir;
    }
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
  };
  return matched.sort(cmp).slice(q.rows_offset, q.rows_offset + q.rows_limit).map((r) => r.id);
}

describeWithDatabase("GET /api/v1/offline-payments filters", (ctx) => {
  let rows: Row[] = [];
  let accountIds: string[] = [];
  let userIds: string[] = [];

  beforeAll(async () => {
    accountIds = await Promise.all([0, 1, 2].map(async () => (await createAccount(ctx.db)).accountId));
    userIds = await Promise.all([0, 1].map(async () => (await createUser(ctx.db, { isOperator: true })).id));
    const seqs = new Map<string, number>();
    for (let i = 0; i < 70; i++) {
      const accountId = pick(accountIds);
      const plan = random() < 0.4 ? pick(PLAN_IDS) : null;
      const order = await insertOrder(ctx.db, { accountId, status: "PAID", ...(plan ? { plan } : { credits: 100n }) });
      const parts = pick(PARTS);
      const seq = (seqs.get(parts.suffix + parts.prefix) ?? 0) + 1;
      seqs.set(parts.suffix + parts.prefix, seq);
      const status = pick(OFFLINE_STATUSES);
      const [row] = await ctx.db
        .insert(offlinePayments)
        .values({
          id: newId("op"),
          accountId,
          orderId: order.id,
          amountPaise: pick(AMOUNTS),
          mode: pick(OFFLINE_MODES),
          paidOn: pick(DATES),
          reference: `ref ${i}`,
          paysFor: plan ? "plan" : "credit_topup",
          plan,
          credits: 100n,
          status,
          receiptPrefix: parts.prefix,
          receiptSeq: seq,
          receiptSuffix: parts.suffix,
          receiptNumber: `${parts.prefix}${seq}${parts.suffix}`,
          financialYear: `${parts.suffix}${parts.prefix}`.slice(0, 8),
          recordedByUserId: pick(userIds),
          recordedAt: new Date("2026-12-01T06:00:00Z"),
          ...(status !== "Paid" ? { cancelRequestedByUserId: userIds[0], cancelRequestedAt: new Date(), cancelReason: "test" } : {}),
        })
        .returning();
      rows.push(row!);
    }
    rows = [...rows];
  });

  const check = async (params: Record<string, string>) => {
    const parsed = listOfflinePaymentsQuerySchema.safeParse(params);
    if (!parsed.success) throw new Error(`query ${JSON.stringify(params)} was refused: ${parsed.error.message}`);
    const listed = await listOfflinePayments(ctx.db, parsed.data);
    const actual = listed.kind === "count" ? listed.count : listed.payments.map((p) => p.id);
    expect(actual, JSON.stringify(params)).toEqual(reference(rows, parsed.data));
    return actual;
  };

  it.each<[string, Record<string, string>]>([
    ["defaults: 10 rows by id ascending", {}],
    ["amt ≥80 (rupees)", { amt: "≥80" }],
    ["amt ≤100", { amt: "≤100" }],
    ["amt <100", { amt: "<100" }],
    ["amt >=80 and <=1000 spelled in ASCII", { amt: ">=80" }],
    ["amt >4999", { amt: ">4999" }],
    ["amt =500.50", { amt: "=500.50" }],
    ["amt bare number is =", { amt: "1000", rows_limit: "100" }],
    ["status Cancelled from 2020-01-01, count (the seed's curl)", { status: "Cancelled", paid_from: "2020-01-01", show_count: "1" }],
    ["show_count ignores limit and offset", { show_count: "1", rows_limit: "1", rows_offset: "50" }],
    ["paid_from = paid_upto is one day", { paid_from: "2026-12-01", paid_upto: "2026-12-01", rows_limit: "100" }],
    ["paid_upto only", { paid_upto: "2026-06-15", rows_limit: "100" }],
    ["prefix and suffix", { prefix: "RCPT/", suffix: "/27-28", rows_limit: "100" }],
    ["empty suffix", { suffix: "", rows_limit: "100" }],
    ["receiptno", { receiptno: "3", rows_limit: "100" }],
    ["mode and status", { mode: "Cheque", status: "Paid", rows_limit: "100" }],
    ["sort by amount desc, limit 100", { sort_field: "amt", sort_order: "desc", rows_limit: "100" }],
    ["sort by plan (NULLs last asc)", { sort_field: "serviceid", rows_limit: "100" }],
    ["sort by plan desc (NULLs first)", { sort_field: "serviceid", sort_order: "desc", rows_limit: "100" }],
    ["sort by recorder, page 2", { sort_field: "userid", rows_limit: "7", rows_offset: "7" }],
    ["offset past the end is empty", { rows_offset: "500" }],
    ["last partial page", { rows_limit: "100", rows_offset: "65" }],
    ["rows_limit 1", { rows_limit: "1", sort_field: "payment_date", sort_order: "desc" }],
  ])("%s", async (_, params) => {
    await check(params);
  });

  it("customerid, userid and paymentid select by account, recorder and id", async () => {
    expect(await check({ customerid: accountIds[0]!, rows_limit: "100" })).not.toEqual([]);
    expect(await check({ userid: userIds[1]!, show_count: "1" })).toBeGreaterThan(0);
    expect(await check({ paymentid: rows[5]!.id })).toEqual([rows[5]!.id]);
  });

  it("300 random combinations agree with the reference", async () => {
    const ops = ["<", "<=", "≤", ">", ">=", "≥", "=", ""];
    const rupees = ["1", "80", "100", "500.5", "1000", "4999", "5000"];
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const params: Record<string, string> = {};
      if (random() < 0.3) params.mode = pick(OFFLINE_MODES);
      if (random() < 0.3) params.status = pick(OFFLINE_STATUSES);
      if (random() < 0.4) params.amt = `${pick(ops)}${pick(rupees)}`;
      if (random() < 0.3) params.paid_from = pick(DATES);
      if (random() < 0.3) params.paid_upto = pick(DATES);
      if (params.paid_from && params.paid_upto && params.paid_from > params.paid_upto) delete params.paid_upto;
      if (random() < 0.2) params.prefix = pick(PARTS).prefix;
      if (random() < 0.2) params.suffix = pick(PARTS).suffix;
      if (random() < 0.2) params.customerid = pick(accountIds);
      if (random() < 0.1) params.serviceid = pick(PLAN_IDS);
      if (random() < 0.1) params.receiptno = String(1 + Math.floor(random() * 30));
      if (random() < 0.5) params.sort_field = pick(Object.keys(SORT_FIELDS));
      if (random() < 0.5) params.sort_order = pick(["asc", "desc"]);
      if (random() < 0.5) params.rows_limit = String(1 + Math.floor(random() * 100));
      if (random() < 0.5) params.rows_offset = String(Math.floor(random() * 80));
      if (random() < 0.2) params.show_count = pick(["0", "1"]);
      const actual = await check(params);
      if (typeof actual === "number" ? actual > 0 : actual.length > 0) nonEmpty++;
    }
    // The combinations must exercise matches, not only empty answers.
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it.each<[Record<string, string>, string]>([
    [{ amt: "≈80" }, "amt"],
    [{ amt: "≥-5" }, "amt"],
    [{ amt: "80.123" }, "amt"],
    [{ mode: "cash" }, "mode"],
    [{ status: "Refunded" }, "status"],
    [{ paid_from: "2026-02-30" }, "paid_from"],
    [{ paid_upto: "01-12-2026" }, "paid_upto"],
    [{ paid_from: "2026-12-02", paid_upto: "2026-12-01" }, "paid_upto"],
    [{ rows_limit: "101" }, "rows_limit"],
    [{ rows_limit: "0" }, "rows_limit"],
    [{ rows_offset: "-1" }, "rows_offset"],
    [{ sort_field: "ispid" }, "sort_field"],
    [{ sort_order: "up" }, "sort_order"],
    [{ show_count: "2" }, "show_count"],
    [{ receiptno: "RCPT/1" }, "receiptno"],
    [{ ispid: "1" }, "ispid"],
    [{ resellerid: "1" }, "resellerid"],
    [{ paymentid: "3752" }, "paymentid"],
  ])("refuses %o, naming %s", (params, name) => {
    const parsed = listOfflinePaymentsQuerySchema.safeParse(params);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([name]);
  });
});
