import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { istDateString } from "@/lib/money/ist";
import type { IstPeriod } from "@/lib/validation/ist-period";

export interface MonthBalance {
  /** IST calendar month, YYYY-MM. */
  month: string;
  /** First and last IST date of the month that fall in the period. */
  from: string;
  to: string;
  openingBalanceCredits: bigint;
  closingBalanceCredits: bigint;
}

export interface PeriodBalances {
  openingBalanceCredits: bigint;
  closingBalanceCredits: bigint;
  months: MonthBalance[];
}

/** At most ten years of months in one answer (a statement longer than that is asked for in parts). */
export const MAX_STATEMENT_MONTHS = 120;

/**
 * Opening and closing balance of the period and of each IST month in it. Each boundary's balance is the
 * balance_after of the account's last entry before it: one backward probe of `ledger_entries_account_created_idx`
 * per boundary, whatever the number of entries. An open start begins at the account's first entry, an open end
 * at `now`. Read-only, filtered by the account.
 */
export async function monthlyBalances(db: Executor, accountId: string, period: IstPeriod, now = new Date()): Promise<PeriodBalances> {
  let from = period.from;
  if (!from) {
    const [first] = rowsOf<{ created_at: Date | string }>(
      await db.execute(sql`select created_at from ledger_entries where account_id = ${accountId} order by created_at, id limit 1`),
    );
    from = istDateString(first ? new Date(first.created_at) : now);
  }
  const to = period.to ?? istDateString(now);
  if (from > to) return { openingBalanceCredits: 0n, closingBalanceCredits: 0n, months: [] };
  const rows = rowsOf<{ month: string; m_from: string; m_to: string; opening: string; closing: string }>(
    await db.execute(sql`
      with bounds as (
        select greatest(m, ${from}::date) as m_from, least((m + interval '1 month')::date - 1, ${to}::date) as m_to
        from generate_series(date_trunc('month', ${from}::date)::date, ${to}::date, interval '1 month') as g(m)
        limit ${MAX_STATEMENT_MONTHS}
      )
      select to_char(b.m_from, 'YYYY-MM') as month, to_char(b.m_from, 'YYYY-MM-DD') as m_from, to_char(b.m_to, 'YYYY-MM-DD') as m_to,
        coalesce((select l.balance_after_credits from ledger_entries l where l.account_id = ${accountId}
          and l.created_at < (b.m_from::timestamp - interval '5 hours 30 minutes') at time zone 'UTC'
          order by l.created_at desc, l.id desc limit 1), 0)::text as opening,
        coalesce((select l.balance_after_credits from ledger_entries l where l.account_id = ${accountId}
          and l.created_at < ((b.m_to + 1)::timestamp - interval '5 hours 30 minutes') at time zone 'UTC'
          order by l.created_at desc, l.id desc limit 1), 0)::text as closing
      from bounds b order by b.m_from`),
  );
  const months = rows.map((r) => ({
    month: r.month,
    from: r.m_from,
    to: r.m_to,
    openingBalanceCredits: BigInt(r.opening),
    closingBalanceCredits: BigInt(r.closing),
  }));
  return {
    openingBalanceCredits: months[0]?.openingBalanceCredits ?? 0n,
    closingBalanceCredits: months[months.length - 1]?.closingBalanceCredits ?? 0n,
    months,
  };
}
