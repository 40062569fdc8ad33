import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { CAUSE_LABELS, causeOf, type LedgerKind } from "@/lib/credits/statement-view";
import { periodBounds, type IstPeriod } from "@/lib/validation/ist-period";
import type { Cell, Column } from "./export-columns";

export const EXPORT_KINDS = ["payments", "invoices", "credit_notes", "ledger", "usage"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Rows per keyset batch: one query per batch, at most this many rows held at a time. */
export const EXPORT_BATCH_ROWS = 2000;

export interface ExportSource {
  sheet: string;
  columns: readonly Column[];
  /** The rows of the period in batches, each batch its own keyset query (no transaction or connection held between them). */
  batches(db: Executor, accountId: string, period: IstPeriod): AsyncGenerator<Cell[][]>;
}

type Raw = Record<string, string | null> & { k: string };

/**
 * Pages a query by an opaque keyset: `page(after)` returns rows ordered by their key `k` (text the next query's
 * predicate takes back), at most EXPORT_BATCH_ROWS of them; stops at the first short batch.
 */
async function* keyset<T extends Raw>(db: Executor, page: (after: string | null, limit: number) => SQL, toCells: (row: T) => Cell[]) {
  let after: string | null = null;
  for (;;) {
    const rows: T[] = rowsOf<T>(await db.execute(page(after, EXPORT_BATCH_ROWS)));
    if (rows.length > 0) yield rows.map(toCells);
    if (rows.length < EXPORT_BATCH_ROWS) return;
    after = rows[rows.length - 1]!.k;
  }
}

const big = (v: string | null | undefined) => (v == null ? null : BigInt(v));
const at = (v: string | null | undefined) => (v == null ? null : new Date(v));
/** A row's timestamp at full precision, as a keyset key part. */
const tsKey = (col: SQL) => sql`to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** A timestamp as ISO text a JS Date parses (milliseconds). */
const iso = (col: SQL) => sql`to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const payments: ExportSource = {
  sheet: "Payments",
  columns: [
    { header: "Paid at (IST)", type: "datetime", width: 20 },
    { header: "Order ID", type: "text", width: 28 },
    { header: "Type", type: "text" },
    { header: "Plan", type: "text" },
    { header: "Credits", type: "integer" },
    { header: "Amount (₹)", type: "rupees" },
    { header: "Paid amount (₹)", type: "rupees" },
    { header: "Channel", type: "text" },
    { header: "Payment method", type: "text" },
    { header: "Cashfree payment ID", type: "text", width: 22 },
    { header: "Invoice number", type: "text", width: 18 },
  ],
  batches(db, accountId, period) {
    const { lo, hi } = periodBounds(period);
    // orders_account_paid_asc_idx (account_id, coalesce(paid_at, 'infinity'), created_at, id).
    const key = sql`coalesce(o.paid_at, 'infinity'::timestamptz)`;
    return keyset<Raw>(
      db,
      (after, limit) => sql`
        select ${iso(sql`o.paid_at`)} as paid_at, o.id, o.type, o.plan, o.credits::text as credits, o.amount_paise::text as amount,
               o.paid_amount_paise::text as paid, case when o.cashfree_env = 'offline' then 'offline' else 'cashfree' end as channel,
               o.payment_group, o.cf_payment_id, i.invoice_number,
               ${tsKey(key)} || '|' || ${tsKey(sql`o.created_at`)} || '|' || o.id as k
        from orders o left join invoices i on i.order_id = o.id and i.account_id = ${accountId}
        where o.account_id = ${accountId} and o.status = 'PAID' and ${key} >= ${lo}::timestamptz and ${key} < ${hi}::timestamptz
          ${after ? sql`and (${key}, o.created_at, o.id) > (split_part(${after}, '|', 1)::timestamptz, split_part(${after}, '|', 2)::timestamptz, split_part(${after}, '|', 3))` : sql``}
        order by ${key}, o.created_at, o.id limit ${limit}`,
      (r) => [at(r.paid_at), r.id, r.type, r.plan, big(r.credits), big(r.amount), big(r.paid), r.channel, r.payment_group, r.cf_payment_id, r.invoice_number],
    );
  },
};

const TAX_COLUMNS: Column[] = [
  { header: "Taxable value (₹)", type: "rupees", width: 16 },
  { header: "CGST (₹)", type: "rupees" },
  { header: "SGST/UTGST (₹)", type: "rupees", width: 15 },
  { header: "IGST (₹)", type: "rupees" },
  { header: "Round off (₹)", type: "rupees" },
  { header: "Total (₹)", type: "rupees" },
];

/** Invoices and credit notes share the shape: number, date, tax columns, keyset on (issued_at, financial year, sequence). */
function taxDocuments(table: "invoices" | "credit_notes"): ExportSource {
  const isInvoice = table === "invoices";
  return {
    sheet: isInvoice ? "Invoices" : "Credit notes",
    columns: [
      { header: isInvoice ? "Invoice number" : "Credit note number", type: "text", width: 18 },
      { header: "Date (IST)", type: "datetime", width: 20 },
      ...(isInvoice ? [] : [{ header: "Invoice number", type: "text" as const, width: 18 }, { header: "Reason", type: "text" as const, width: 30 }]),
      { header: "Order ID", type: "text", width: 28 },
      { header: "Recipient", type: "text", width: 30 },
      { header: "Recipient GSTIN", type: "text", width: 18 },
      { header: "Place of supply (state code)", type: "text" },
      ...TAX_COLUMNS,
    ],
    batches(db, accountId, period) {
      const { lo, hi } = periodBounds(period);
      const t = sql.raw(table);
      const snapshot = isInvoice ? sql`d.snapshot` : sql`inv.snapshot`;
      return keyset<Raw>(
        db,
        (after, limit) => sql`
          select ${isInvoice ? sql`d.invoice_number` : sql`d.credit_note_number`} as number, ${iso(sql`d.issued_at`)} as issued_at,
                 ${isInvoice ? sql`null` : sql`inv.invoice_number`} as invoice_number, ${isInvoice ? sql`null` : sql`d.reason`} as reason,
                 d.order_id, ${snapshot}->'recipient'->>'legalName' as recipient, ${snapshot}->'recipient'->>'gstin' as gstin,
                 ${snapshot}->'recipient'->>'stateCode' as state_code,
                 d.taxable_paise::text as taxable, d.cgst_paise::text as cgst, d.sgst_paise::text as sgst, d.igst_paise::text as igst,
                 d.round_off_paise::text as round_off, d.total_paise::text as total,
                 ${tsKey(sql`d.issued_at`)} || '|' || d.financial_year || '|' || d.sequence_number as k
          from ${t} d ${isInvoice ? sql`` : sql`join invoices inv on inv.id = d.invoice_id and inv.account_id = ${accountId}`}
          where d.account_id = ${accountId} and d.issued_at >= ${lo}::timestamptz and d.issued_at < ${hi}::timestamptz
            ${after ? sql`and (d.issued_at, d.financial_year, d.sequence_number) > (split_part(${after}, '|', 1)::timestamptz, split_part(${after}, '|', 2), split_part(${after}, '|', 3)::int)` : sql``}
          order by d.issued_at, d.financial_year, d.sequence_number limit ${limit}`,
        (r) => [
          r.number,
          at(r.issued_at),
          ...(isInvoice ? [] : [r.invoice_number, r.reason]),
          r.order_id,
          r.recipient,
          r.gstin,
          r.state_code,
          big(r.taxable),
          big(r.cgst),
          big(r.sgst),
          big(r.igst),
          big(r.round_off),
          big(r.total),
        ],
      );
    },
  };
}

const ledger: ExportSource = {
  sheet: "Ledger",
  columns: [
    { header: "Entry ID", type: "integer" },
    { header: "Time (IST)", type: "datetime", width: 20 },
    { header: "Cause", type: "text", width: 22 },
    { header: "Kind", type: "text" },
    { header: "Amount (credits)", type: "integer", width: 16 },
    { header: "Balance after (credits)", type: "integer", width: 20 },
    { header: "Order ID", type: "text", width: 28 },
    { header: "Invoice number", type: "text", width: 18 },
    { header: "Coupon", type: "text" },
    { header: "API key", type: "text", width: 20 },
    { header: "Description", type: "text", width: 40 },
  ],
  batches(db, accountId, period) {
    const { lo, hi } = periodBounds(period);
    // ledger_entries_account_created_idx (account_id, created_at, id); balance_after is the running balance.
    return keyset<Raw>(
      db,
      (after, limit) => sql`
        select l.id::text as id, ${iso(sql`l.created_at`)} as created_at, l.kind, l.amount_credits::text as amount,
               l.balance_after_credits::text as balance, l.order_id, i.invoice_number, cp.code as coupon, ak.name as api_key,
               l.description, (op.id is not null)::text as offline,
               ${tsKey(sql`l.created_at`)} || '|' || l.id as k
        from ledger_entries l
        left join invoices i on i.order_id = l.order_id and i.account_id = ${accountId}
        left join coupons cp on cp.id = l.coupon_id
        left join api_keys ak on ak.id = l.api_key_id and ak.account_id = ${accountId}
        left join offline_payments op on op.order_id = l.order_id and op.account_id = ${accountId}
        where l.account_id = ${accountId} and l.created_at >= ${lo}::timestamptz and l.created_at < ${hi}::timestamptz
          ${after ? sql`and (l.created_at, l.id) > (split_part(${after}, '|', 1)::timestamptz, split_part(${after}, '|', 2)::bigint)` : sql``}
        order by l.created_at, l.id limit ${limit}`,
      (r) => {
        const kind = r.kind as LedgerKind;
        return [
          big(r.id),
          at(r.created_at),
          CAUSE_LABELS[causeOf({ kind, offlinePaymentId: r.offline === "true" ? "yes" : null })],
          kind,
          big(r.amount),
          big(r.balance),
          r.order_id,
          r.invoice_number,
          r.coupon,
          r.api_key,
          r.description,
        ];
      },
    );
  },
};

const usage: ExportSource = {
  sheet: "Usage",
  columns: [
    { header: "Date (IST)", type: "date" },
    { header: "API key", type: "text", width: 20 },
    { header: "API key prefix", type: "text", width: 16 },
    { header: "Calls", type: "integer" },
    { header: "Credits used", type: "integer" },
  ],
  /**
   * Per IST day per key, one IST month per batch (at most 31 days × keys rows): the next month with usage is found
   * by one probe of ledger_entries_account_usage_idx, the month summed from the same index.
   */
  async *batches(db, accountId, period) {
    const { lo, hi } = periodBounds(period);
    const monthStart = (ts: SQL) => sql`((date_trunc('month', (${ts} at time zone 'UTC') + interval '5 hours 30 minutes') - interval '5 hours 30 minutes') at time zone 'UTC')`;
    let from: SQL = sql`${lo}::timestamptz`;
    for (;;) {
      const [next] = rowsOf<{ start: string | null; end: string | null }>(
        await db.execute(sql`
          select ${iso(monthStart(sql`u.created_at`))} as start, ${iso(sql`${monthStart(sql`u.created_at`)} + interval '1 month'`)} as end
          from ledger_entries u where u.account_id = ${accountId} and u.kind = 'usage' and u.created_at >= ${from} and u.created_at < ${hi}::timestamptz
          order by u.created_at limit 1`),
      );
      if (!next?.start || !next.end) return;
      const rows = rowsOf<Raw>(
        await db.execute(sql`
          with days as (
            select ((l.created_at at time zone 'UTC') + interval '5 hours 30 minutes')::date as d, l.api_key_id, count(*) as calls, -sum(l.amount_credits) as used
            from ledger_entries l
            where l.account_id = ${accountId} and l.kind = 'usage' and l.created_at >= greatest(${next.start}::timestamptz, ${lo}::timestamptz)
              and l.created_at < least(${next.end}::timestamptz, ${hi}::timestamptz)
            group by 1, 2
          )
          select to_char(d.d, 'YYYY-MM-DD') as date, ak.name as api_key, ak.prefix, d.calls::text as calls, d.used::text as used, '' as k
          from days d left join api_keys ak on ak.id = d.api_key_id and ak.account_id = ${accountId}
          order by d.d, d.api_key_id nulls first`),
      );
      if (rows.length > 0) yield rows.map((r) => [r.date, r.api_key, r.prefix, big(r.calls), big(r.used)]);
      from = sql`${next.end}::timestamptz`;
    }
  },
};

export const EXPORT_SOURCES: Record<ExportKind, ExportSource> = {
  payments,
  invoices: taxDocuments("invoices"),
  credit_notes: taxDocuments("credit_notes"),
  ledger,
  usage,
};
