import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { encodeCursor } from "@/lib/pagination/cursor";
import { periodBounds } from "@/lib/validation/ist-period";
import { statementCursor, type StatementKey, type StatementQuery } from "./statement-query";
import type { LedgerKind } from "./statement-view";

/** The IST calendar date of a timestamptz, and 00:00 IST of a date (fixed +05:30, as lib/usage does). */
export const istDay = (ts: SQL) => sql`((${ts} at time zone 'UTC') + interval '5 hours 30 minutes')::date`;
export const istDayStartSql = (day: SQL) => sql`((${day})::timestamp - interval '5 hours 30 minutes') at time zone 'UTC'`;

export interface UsageKeyTotal {
  apiKeyId: string | null;
  apiKeyName: string | null;
  apiKeyPrefix: string | null;
  amountCredits: bigint;
  events: number;
}

export interface StatementLine {
  key: StatementKey;
  /** 'usage_day' is one IST day's usage summed; the others are one ledger entry each. */
  type: "entry" | "usage_day";
  kind: LedgerKind;
  entryId: string | null;
  createdAt: Date | null;
  amountCredits: bigint;
  /** The ledger's balance after this line: the balance before the page plus the page's amounts so far. */
  runningBalanceCredits: bigint;
  causeKey: string | null;
  description: string | null;
  orderId: string | null;
  invoice: { id: string; number: string } | null;
  coupon: { id: string; code: string | null } | null;
  apiKey: { id: string; name: string | null; prefix: string | null } | null;
  offlinePaymentId: string | null;
  /** usage_day only: the events summed and the sum per API key (null key = a session's usage). */
  events: number | null;
  keys: UsageKeyTotal[] | null;
}

export interface StatementPage {
  lines: StatementLine[];
  openingBalanceCredits: bigint;
  nextKey: StatementKey | null;
  nextCursor: string | null;
}

interface Row {
  day: string;
  grp: number;
  created_at: Date | string | null;
  created_at_text: string | null;
  id: string | null;
  kind: LedgerKind;
  amount: string;
  running: string;
  checkpoint: string;
  cause_key: string | null;
  description: string | null;
  order_id: string | null;
  invoice_id: string | null;
  invoice_number: string | null;
  coupon_id: string | null;
  coupon_code: string | null;
  api_key_id: string | null;
  api_key_name: string | null;
  api_key_prefix: string | null;
  offline_payment_id: string | null;
  events: string | null;
  keys: Array<{ api_key_id: string | null; name: string | null; prefix: string | null; amount: string; events: number }> | null;
}

/** Balance after the last entry before `beforeTs` (in statement order); 0 when there is none. */
const balanceBefore = (accountId: string, beforeTs: SQL) => sql`coalesce((
  select l.balance_after_credits from ledger_entries l
  where l.account_id = ${accountId} and l.created_at < ${beforeTs}
  order by l.created_at desc, l.id desc limit 1), 0)`;

/**
 * The balance just before the page (its checkpoint), from at most two index probes whatever the depth: the
 * balance_after of the last entry before a day boundary (written in the entry's own statement, under the account
 * row lock, so it is the sum of every entry before it), plus that day's non-usage entries up to the cursor.
 */
function checkpointSql(accountId: string, lo: string, group: StatementQuery["group"], after?: StatementKey): SQL {
  if (!after) return balanceBefore(accountId, sql`${lo}::timestamptz`);
  if (group === "none") {
    return sql`coalesce((select l.balance_after_credits from ledger_entries l where l.account_id = ${accountId}
      and (l.created_at, l.id) <= (${after.createdAt}::timestamptz, ${after.id}::bigint) order by l.created_at desc, l.id desc limit 1), 0)`;
  }
  const dayStart = istDayStartSql(sql`${after.day}::date`);
  if (after.grp === 1) return balanceBefore(accountId, istDayStartSql(sql`${after.day}::date + 1`));
  return sql`(${balanceBefore(accountId, dayStart)} + coalesce((select sum(l.amount_credits) from ledger_entries l
    where l.account_id = ${accountId} and l.kind <> 'usage' and l.created_at >= ${dayStart}
      and (l.created_at, l.id) <= (${after.createdAt}::timestamptz, ${after.id}::bigint)), 0))`;
}

/** Keys of the page's lines (limit + 1 of them), in statement order. */
function pageKeysSql(accountId: string, q: StatementQuery, lo: string, hi: string): SQL {
  const { after } = q;
  const n = q.limit + 1;
  if (q.group === "none") {
    const pred = after ? sql`and (l.created_at, l.id) > (${after.createdAt}::timestamptz, ${after.id}::bigint)` : sql``;
    return sql`select ${istDay(sql`l.created_at`)} as day, 0 as grp, l.created_at, l.id from ledger_entries l
      where l.account_id = ${accountId} and l.created_at >= ${lo}::timestamptz and l.created_at < ${hi}::timestamptz ${pred}
      order by l.created_at, l.id limit ${n}`;
  }
  const entryPred = !after
    ? sql``
    : after.grp === 0
      ? sql`and (l.created_at, l.id) > (${after.createdAt}::timestamptz, ${after.id}::bigint)`
      : sql`and l.created_at >= ${istDayStartSql(sql`${after.day}::date + 1`)}`;
  const usageFrom = !after
    ? sql`${lo}::timestamptz`
    : istDayStartSql(after.grp === 0 ? sql`${after.day}::date` : sql`${after.day}::date + 1`);
  // The next days with usage, found by a loose index scan (one probe of the usage index per day), so a page never
  // reads more usage than the days it shows.
  const nextUsageDay = (from: SQL) => sql`(select ${istDay(sql`u.created_at`)} from ledger_entries u
    where u.account_id = ${accountId} and u.kind = 'usage' and u.created_at >= ${from} and u.created_at >= ${lo}::timestamptz
      and u.created_at < ${hi}::timestamptz order by u.created_at limit 1)`;
  return sql`with recursive usage_days(d) as (
      select ${nextUsageDay(usageFrom)}
      union all
      select ${nextUsageDay(istDayStartSql(sql`usage_days.d + 1`))} from usage_days where usage_days.d is not null
    )
    select * from (
      (select ${istDay(sql`l.created_at`)} as day, 0 as grp, l.created_at, l.id from ledger_entries l
       where l.account_id = ${accountId} and l.kind <> 'usage' and l.created_at >= ${lo}::timestamptz and l.created_at < ${hi}::timestamptz ${entryPred}
       order by l.created_at, l.id limit ${n})
      union all
      (select d, 1, null::timestamptz, null::bigint from usage_days where d is not null limit ${n})
    ) k order by day, grp, created_at, id limit ${n}`;
}

/**
 * One page of an account's credit statement for a period, in ledger order (created_at, id), each line with the
 * running balance. With `group: "day"` each IST day's usage is one line at the end of that day (so its running
 * balance is the day's closing balance) with the sum per API key; other entries are their own lines.
 *
 * Cost does not grow with depth: the page's keys come from index range scans after the cursor
 * (`ledger_entries_account_non_usage_idx`, a loose scan of `ledger_entries_account_usage_idx`), the balance before
 * the page from a checkpoint (see checkpointSql), and the running balance is that plus a window sum over the page.
 * One statement, read-only; every part filtered by the account.
 */
export async function listStatement(db: Executor, accountId: string, q: StatementQuery): Promise<StatementPage> {
  const { lo, hi } = periodBounds(q.period);
  const checkpoint = checkpointSql(accountId, lo, q.group, q.after);
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with keys as (${pageKeysSql(accountId, q, lo, hi)}),
      checkpoint as (select (${checkpoint})::bigint as balance),
      lines as (
        select k.day, k.grp, k.created_at, k.id, l.kind, l.amount_credits as amount, l.cause_key, l.description, l.order_id,
               l.coupon_id, l.api_key_id, null::bigint as events, null::jsonb as keys
        from keys k join ledger_entries l on l.id = k.id and l.account_id = ${accountId}
        where k.grp = 0
        union all
        select k.day, 1, null, null, 'usage', u.amount, null, null, null, null, null, u.events, u.keys
        from keys k cross join lateral (
          select sum(s.amount)::bigint as amount, sum(s.events)::bigint as events,
                 jsonb_agg(jsonb_build_object('api_key_id', s.api_key_id, 'name', ak.name, 'prefix', ak.prefix,
                   'amount', s.amount::text, 'events', s.events) order by s.api_key_id nulls first) as keys
          from (select l.api_key_id, sum(l.amount_credits) as amount, count(*) as events from ledger_entries l
                where l.account_id = ${accountId} and l.kind = 'usage'
                  and l.created_at >= greatest(${istDayStartSql(sql`k.day`)}, ${lo}::timestamptz)
                  and l.created_at < least(${istDayStartSql(sql`k.day + 1`)}, ${hi}::timestamptz)
                group by l.api_key_id) s
          left join api_keys ak on ak.id = s.api_key_id and ak.account_id = ${accountId}
        ) u
        where k.grp = 1
      )
      select to_char(x.day, 'YYYY-MM-DD') as day, x.grp, x.created_at,
             to_char(x.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at_text, x.id::text as id,
             x.kind, x.amount::text as amount, c.balance::text as checkpoint,
             (c.balance + sum(x.amount) over (order by x.day, x.grp, x.created_at, x.id rows between unbounded preceding and current row))::text as running,
             x.cause_key, x.description, x.order_id, i.id as invoice_id, i.invoice_number, x.coupon_id, cp.code as coupon_code,
             coalesce(x.api_key_id, null) as api_key_id, ak.name as api_key_name, ak.prefix as api_key_prefix,
             op.id as offline_payment_id, x.events::text as events, x.keys
      from lines x cross join checkpoint c
      left join invoices i on i.order_id = x.order_id and i.account_id = ${accountId}
      left join coupons cp on cp.id = x.coupon_id
      left join api_keys ak on ak.id = x.api_key_id and ak.account_id = ${accountId}
      left join offline_payments op on op.order_id = x.order_id and op.account_id = ${accountId}
      order by x.day, x.grp, x.created_at, x.id`),
  );
  const all = rows.map(toLine);
  const lines = all.slice(0, q.limit);
  const last = lines[lines.length - 1];
  const nextKey = all.length > q.limit && last ? last.key : null;
  const opening = rows[0] ? BigInt(rows[0].checkpoint) : await openingOnly(db, accountId, checkpoint);
  return { lines, openingBalanceCredits: opening, nextKey, nextCursor: nextKey ? encodeCursor(statementCursor(nextKey, q.group)) : null };
}

async function openingOnly(db: Executor, accountId: string, checkpoint: SQL): Promise<bigint> {
  const [row] = rowsOf<{ balance: string }>(await db.execute(sql`select (${checkpoint})::text as balance`));
  return BigInt(row?.balance ?? "0");
}

function toLine(r: Row): StatementLine {
  const usageDay = r.grp === 1;
  return {
    key: usageDay ? { day: r.day, grp: 1, createdAt: null, id: null } : { day: r.day, grp: 0, createdAt: r.created_at_text, id: r.id },
    type: usageDay ? "usage_day" : "entry",
    kind: r.kind,
    entryId: r.id,
    createdAt: r.created_at === null ? null : new Date(r.created_at),
    amountCredits: BigInt(r.amount),
    runningBalanceCredits: BigInt(r.running),
    causeKey: r.cause_key,
    description: r.description,
    orderId: r.order_id,
    invoice: r.invoice_id && r.invoice_number ? { id: r.invoice_id, number: r.invoice_number } : null,
    coupon: r.coupon_id ? { id: r.coupon_id, code: r.coupon_code } : null,
    apiKey: r.api_key_id ? { id: r.api_key_id, name: r.api_key_name, prefix: r.api_key_prefix } : null,
    offlinePaymentId: r.offline_payment_id,
    events: r.events === null ? null : Number(r.events),
    keys: r.keys
      ? r.keys.map((k) => ({ apiKeyId: k.api_key_id, apiKeyName: k.name, apiKeyPrefix: k.prefix, amountCredits: BigInt(k.amount), events: Number(k.events) }))
      : null,
  };
}
