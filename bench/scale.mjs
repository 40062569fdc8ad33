// npm run bench:scale – 1,000,000 ledger rows and 100,000 orders (80% paid, each with an invoice) across 1,000
// accounts, generated with generate_series. One "big" account holds 20,000 orders (16,000 invoices) and 200,000
// ledger rows so that deep offsets exist; the rest is spread evenly. Measures the service functions behind
// GET /api/v1/payments/history and GET /api/v1/invoices (listHistory, listInvoices) at offset 0 vs deep offsets,
// for the big account and a typical one, and the same pages by keyset `cursor` (next_cursor of the page before,
// through the same service functions) for every history sort; raw SQL of the pieces; EXPLAIN ANALYZE plans go to
// bench/out/scale-plans.txt.
import fs from "node:fs";
import { freshDatabase, percentiles, runBench, writeResult } from "./lib/harness.mjs";

const ACCOUNTS = 1000;
const ORDERS = 100_000;
const LEDGER = 1_000_000;
const BIG_ORDERS = 20_000;
const BIG_LEDGER = 200_000;
const REPS = Number(process.env.BENCH_REPS ?? 200);

async function measure(fn, reps = REPS) {
  for (let i = 0; i < 5; i++) await fn();
  const samples = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentiles(samples);
}

await runBench(async (onCleanup) => {
  const db = await freshDatabase("scale");
  onCleanup(() => db.drop());
  const sql = db.sql;
  const t0 = Date.now();
  await sql`
    insert into accounts (id, name, plan)
    select 'acc_s_' || i, 'Scale ' || i, 'pro' from generate_series(0, ${ACCOUNTS - 1}) i`;
  // Orders: i < BIG_ORDERS → account 0; the rest round-robin over accounts 1..999. Created over ~2 years.
  await sql`
    insert into orders (id, account_id, type, credits, amount_paise, status, cashfree_env, cf_order_id, payment_session_id,
                        cf_payment_id, paid_at, paid_amount_paise, created_at, updated_at)
    select 'cm_' || substr(md5('scale:' || i), 1, 16),
           case when i < ${BIG_ORDERS} then 'acc_s_0' else 'acc_s_' || (1 + i % ${ACCOUNTS - 1}) end,
           'credit_topup', 100, 10000,
           case when i % 10 < 8 then 'PAID' when i % 10 = 8 then 'FAILED' else 'USER_DROPPED' end, 'emulator', 'cf_' || i, 's_' || i,
           case when i % 10 < 8 then (1000000 + i)::text end,
           case when i % 10 < 8 then timestamptz '2026-11-22' - (i || ' minutes')::interval * (case when i < ${BIG_ORDERS} then 50 else 10 end) end,
           case when i % 10 < 8 then 10000 end,
           timestamptz '2026-11-22' - (i || ' minutes')::interval * (case when i < ${BIG_ORDERS} then 50 else 10 end),
           timestamptz '2026-11-22' - (i || ' minutes')::interval * (case when i < ${BIG_ORDERS} then 50 else 10 end)
    from generate_series(0, ${ORDERS - 1}) i`;
  await sql`
    insert into invoices (id, invoice_number, account_id, order_id, financial_year, sequence_number, issued_at,
                          taxable_paise, cgst_paise, sgst_paise, igst_paise, total_paise, snapshot)
    select 'inv_' || o.id, 'KH-' || fy || '-' || lpad(n::text, 6, '0'), o.account_id, o.id, fy, n, o.paid_at, 8474, 763, 763, 0, 10000, '{}'::jsonb
    from (select o.*, case when paid_at >= '2026-03-31T18:30:00Z' then '2627' when paid_at >= '2025-03-31T18:30:00Z' then '2526' else '2425' end as fy,
                 row_number() over (partition by (case when paid_at >= '2026-03-31T18:30:00Z' then 1 when paid_at >= '2025-03-31T18:30:00Z' then 2 else 3 end) order by paid_at, id) as n
          from orders o where status = 'PAID') o`;
  await sql`
    insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, description, created_at)
    select case when i < ${BIG_LEDGER} then 'acc_s_0' else 'acc_s_' || (1 + i % ${ACCOUNTS - 1}) end,
           'adjustment', 1, 1, 'adjustment:scale:' || i, 'Scale row', timestamptz '2026-11-22' - (i || ' seconds')::interval * 30
    from generate_series(0, ${LEDGER - 1}) i`;
  await sql`vacuum analyze`;
  const seedSeconds = (Date.now() - t0) / 1000;
  const [counts] = await sql`select (select count(*) from ledger_entries)::int as ledger, (select count(*) from orders)::int as orders,
    (select count(*) from invoices)::int as invoices, (select count(*) from orders where account_id = 'acc_s_0')::int as big_orders,
    (select count(*) from invoices where account_id = 'acc_s_0')::int as big_invoices, (select count(*) from orders where account_id = 'acc_s_1')::int as small_orders`;

  const { openDatabase } = await import("../lib/db/connect.ts");
  const handle = await openDatabase({ url: db.url });
  onCleanup(() => handle.close());
  const { listHistory } = await import("../lib/orders/list-history.ts");
  const { historyQuerySchema } = await import("../lib/orders/history-query.ts");
  const { listInvoices, listInvoicesQuerySchema } = await import("../lib/invoices/list-invoices.ts");
  const now = new Date("2026-11-23T00:00:00Z");
  const hq = (q) => historyQuerySchema.parse(q);
  const iq = (q) => listInvoicesQuerySchema.parse(q);

  const cases = [];
  const add = async (what, account, offset, fn, mode = "offset") => cases.push({ what, account, offset, mode, ...(await measure(fn)) });
  // The cursor that starts a page at `depth`: next_cursor of the one-row page just before it.
  const historyCursorAt = async (depth, q = {}) => {
    const r = await listHistory(handle.db, "acc_s_0", hq({ ...q, limit: "1", offset: String(depth - 1) }), now);
    return r.next_cursor;
  };
  const invoicesCursorAt = async (depth) => (await listInvoices(handle.db, "acc_s_0", iq({ limit: "1", offset: String(depth - 1) }))).next_cursor;
  for (const offset of [0, 1000, 10000, BIG_ORDERS - 10]) {
    await add("history (listHistory)", "big (20,000 orders)", offset, () => listHistory(handle.db, "acc_s_0", hq({ limit: "10", offset: String(offset) }), now));
    if (offset > 0) {
      const cursor = await historyCursorAt(offset);
      await add("history (listHistory)", "big (20,000 orders)", offset, () => listHistory(handle.db, "acc_s_0", hq({ limit: "10", cursor }), now), "cursor");
    }
  }
  for (const [sort, order] of [["amount", "desc"], ["paid_at", "desc"], ["paid_at", "asc"]]) {
    const what = `history sort=${sort}&order=${order}`;
    const q = { sort, order };
    await add(what, "big (20,000 orders)", 0, () => listHistory(handle.db, "acc_s_0", hq({ ...q, limit: "10" }), now));
    await add(what, "big (20,000 orders)", BIG_ORDERS - 10, () => listHistory(handle.db, "acc_s_0", hq({ ...q, limit: "10", offset: String(BIG_ORDERS - 10) }), now));
    const cursor = await historyCursorAt(BIG_ORDERS - 10, q);
    await add(what, "big (20,000 orders)", BIG_ORDERS - 10, () => listHistory(handle.db, "acc_s_0", hq({ ...q, limit: "10", cursor }), now), "cursor");
  }
  for (const offset of [0, 1000, counts.big_invoices - 10]) {
    await add("invoices (listInvoices)", "big (16,000 invoices)", offset, () => listInvoices(handle.db, "acc_s_0", iq({ limit: "10", offset: String(offset) })));
    if (offset > 0) {
      const cursor = await invoicesCursorAt(offset);
      await add("invoices (listInvoices)", "big (16,000 invoices)", offset, () => listInvoices(handle.db, "acc_s_0", iq({ limit: "10", cursor })), "cursor");
    }
  }
  await add("history (listHistory)", `typical (${counts.small_orders} orders)`, 0, () => listHistory(handle.db, "acc_s_1", hq({ limit: "10" }), now));
  await add("history (listHistory)", `typical (${counts.small_orders} orders)`, counts.small_orders - 10, () =>
    listHistory(handle.db, "acc_s_1", hq({ limit: "10", offset: String(counts.small_orders - 10) }), now));
  await add("invoices (listInvoices)", "typical", 0, () => listInvoices(handle.db, "acc_s_1", iq({ limit: "10" })));

  // The pieces of one request, and the keyset (seek) alternative at the same depth, as raw SQL.
  const [deepRow] = await sql`select created_at, id from orders where account_id = 'acc_s_0' order by created_at desc, id desc offset ${BIG_ORDERS - 11} limit 1`;
  const [deepInv] = await sql`select issued_at, financial_year, sequence_number from invoices where account_id = 'acc_s_0'
    order by issued_at desc, financial_year desc, sequence_number desc offset ${counts.big_invoices - 11} limit 1`;
  const [deepAmount] = await sql`select amount_paise, created_at, id from orders where account_id = 'acc_s_0'
    order by amount_paise desc, created_at desc, id desc offset ${BIG_ORDERS - 11} limit 1`;
  const [midPaidDesc] = await sql`select coalesce(paid_at, '-infinity'::timestamptz)::text as k, created_at, id from orders where account_id = 'acc_s_0'
    order by coalesce(paid_at, '-infinity'::timestamptz) desc, created_at desc, id desc offset 9999 limit 1`;
  const [deepPaidDesc] = await sql`select coalesce(paid_at, '-infinity'::timestamptz)::text as k, created_at, id from orders where account_id = 'acc_s_0'
    order by coalesce(paid_at, '-infinity'::timestamptz) desc, created_at desc, id desc offset ${BIG_ORDERS - 11} limit 1`;
  const [deepPaidAsc] = await sql`select coalesce(paid_at, 'infinity'::timestamptz)::text as k, created_at, id from orders where account_id = 'acc_s_0'
    order by coalesce(paid_at, 'infinity'::timestamptz) asc, created_at asc, id asc offset ${BIG_ORDERS - 11} limit 1`;
  const raw = {};
  const rawQueries = {
    historyCount: () => sql`select count(*) from orders where account_id = 'acc_s_0'`,
    historyPageOffsetDeep: () => sql`select o.*, i.invoice_number from orders o left join invoices i on i.order_id = o.id and i.account_id = o.account_id
      where o.account_id = 'acc_s_0' order by o.created_at desc, o.id desc limit 10 offset ${BIG_ORDERS - 10}`,
    historyPageKeysetDeep: () => sql`select o.*, i.invoice_number from orders o left join invoices i on i.order_id = o.id and i.account_id = o.account_id
      where o.account_id = 'acc_s_0' and (o.created_at, o.id) < (${deepRow.created_at}, ${deepRow.id}) order by o.created_at desc, o.id desc limit 10`,
    invoicesCount: () => sql`select count(*) from invoices where account_id = 'acc_s_0'`,
    invoicesPageOffsetDeep: () => sql`select * from invoices where account_id = 'acc_s_0' order by issued_at desc, financial_year desc, sequence_number desc limit 10 offset ${counts.big_invoices - 10}`,
    invoicesPageKeysetDeep: () => sql`select * from invoices where account_id = 'acc_s_0'
      and (issued_at, financial_year, sequence_number) < (${deepInv.issued_at}, ${deepInv.financial_year}, ${deepInv.sequence_number})
      order by issued_at desc, financial_year desc, sequence_number desc limit 10`,
    ledgerRecentBig: () => sql`select * from ledger_entries where account_id = 'acc_s_0' order by created_at desc, id desc limit 10`,
  };
  for (const [k, fn] of Object.entries(rawQueries)) raw[k] = await measure(fn);

  // EXPLAIN ANALYZE of each, for the doc.
  // The page queries as listHistory / listInvoices build them (same ORDER BY and keyset predicate; limit + 1 rows to
  // know whether a next page exists).
  const lit = (v) => (v instanceof Date ? `'${v.toISOString()}'::timestamptz` : `'${v}'`);
  const historySelect = `select o.*, i.invoice_number from orders o left join invoices i on i.order_id = o.id and i.account_id = o.account_id where o.account_id = 'acc_s_0'`;
  const plansText = {
    "history page, offset 0 (listHistory's query)": `${historySelect} order by o.created_at desc, o.id desc limit 11 offset 0`,
    [`history page, offset ${BIG_ORDERS - 10}`]: `${historySelect} order by o.created_at desc, o.id desc limit 11 offset ${BIG_ORDERS - 10}`,
    "history page, cursor at the same depth": `${historySelect} and (o.created_at, o.id) < (${lit(deepRow.created_at)}, ${lit(deepRow.id)}) order by o.created_at desc, o.id desc limit 11`,
    "history sort=amount, cursor at the same depth": `${historySelect} and (o.amount_paise, o.created_at, o.id) < (${deepAmount.amount_paise}, ${lit(deepAmount.created_at)}, ${lit(deepAmount.id)}) order by o.amount_paise desc, o.created_at desc, o.id desc limit 11`,
    "history sort=paid_at&order=desc, cursor at depth 10,000 (paid rows)": `${historySelect} and (coalesce(o.paid_at, '-infinity'::timestamptz), o.created_at, o.id) < (${lit(midPaidDesc.k)}, ${lit(midPaidDesc.created_at)}, ${lit(midPaidDesc.id)}) order by coalesce(o.paid_at, '-infinity'::timestamptz) desc, o.created_at desc, o.id desc limit 11`,
    "history sort=paid_at&order=desc, cursor at the same depth (NULL paid_at region)": `${historySelect} and (coalesce(o.paid_at, '-infinity'::timestamptz), o.created_at, o.id) < (${lit(deepPaidDesc.k)}, ${lit(deepPaidDesc.created_at)}, ${lit(deepPaidDesc.id)}) order by coalesce(o.paid_at, '-infinity'::timestamptz) desc, o.created_at desc, o.id desc limit 11`,
    "history sort=paid_at&order=asc, cursor at the same depth (NULL paid_at region: 'infinity')": `${historySelect} and (coalesce(o.paid_at, 'infinity'::timestamptz), o.created_at, o.id) > (${lit(deepPaidAsc.k)}, ${lit(deepPaidAsc.created_at)}, ${lit(deepPaidAsc.id)}) order by coalesce(o.paid_at, 'infinity'::timestamptz) asc, o.created_at asc, o.id asc limit 11`,
    "history count (every request)": `select count(*) from orders where account_id = 'acc_s_0'`,
    [`invoices page, offset ${counts.big_invoices - 10} (listInvoices's order)`]: `select * from invoices where account_id = 'acc_s_0' order by issued_at desc, financial_year desc, sequence_number desc limit 11 offset ${counts.big_invoices - 10}`,
    "invoices page, cursor at the same depth": `select * from invoices where account_id = 'acc_s_0' and (issued_at, financial_year, sequence_number) < (${lit(deepInv.issued_at)}, ${lit(deepInv.financial_year)}, ${deepInv.sequence_number}) order by issued_at desc, financial_year desc, sequence_number desc limit 11`,
  };
  let plans = `# EXPLAIN (ANALYZE, BUFFERS) – npm run bench:scale, ${new Date().toISOString()}\n`;
  for (const [title, text] of Object.entries(plansText)) {
    const rows = await sql.unsafe(`explain (analyze, buffers) ${text}`);
    plans += `\n## ${title}\n${text}\n\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`;
  }
  fs.mkdirSync("bench/out", { recursive: true });
  fs.writeFileSync("bench/out/scale-plans.txt", plans);

  const base = (what) => cases.find((c) => c.what === what && c.offset === 0 && c.mode === "offset" && c.account.startsWith("big"));
  const md = [
    `### Scale of data (\`npm run bench:scale\`: ${counts.ledger.toLocaleString("en-IN")} ledger rows, ${counts.orders.toLocaleString("en-IN")} orders, ${counts.invoices.toLocaleString("en-IN")} invoices, ${ACCOUNTS} accounts; seeded in ${seedSeconds.toFixed(0)} s; ${REPS} sequential calls each)`,
    "",
    "| service call (limit 10) | account | depth | paged by | p50 ms | p99 ms | p99.9 ms | p50 vs offset 0 | p99 vs offset 0 |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...cases.map((c) => {
      const b = base(c.what);
      const ratio = (k) => (b && c.account.startsWith("big") ? `×${(c[k] / b[k]).toFixed(1)}` : "—");
      return `| ${c.what} | ${c.account} | ${c.offset.toLocaleString("en-IN")} | ${c.offset === 0 ? "—" : c.mode} | ${c.p50} | ${c.p99} | ${c.p999} | ${ratio("p50")} | ${ratio("p99")} |`;
    }),
    "",
    "| raw SQL, big account | p50 ms | p99 ms |",
    "| --- | --- | --- |",
    ...Object.entries(raw).filter(([, v]) => v).map(([k, v]) => `| ${k} | ${v.p50} | ${v.p99} |`),
    "",
  ].join("\n");
  console.log(`\n${md}`);
  writeResult("scale", { counts, seedSeconds, reps: REPS, cases, raw }, md);
});
