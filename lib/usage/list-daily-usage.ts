import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { IST_OFFSET_MS, istMonthKey, istMonthRange } from "@/lib/money/ist";
import { rowsOf } from "@/lib/db/rows";

export interface DailyKeyUsage {
  /** IST calendar date, YYYY-MM-DD. */
  date: string;
  api_key_id: string | null;
  api_key_name: string | null;
  api_key_prefix: string | null;
  credits: bigint;
  events: number;
}

export interface MonthlyUsageReport {
  month: string;
  days: DailyKeyUsage[];
  totals: { credits: bigint; events: number };
}

/**
 * Usage per IST day per key for an IST calendar month, summed from the ledger (the source of truth). The IST
 * date is computed with the fixed +05:30 offset (no time-zone database needed on either engine).
 */
export async function listDailyUsage(db: Executor, accountId: string, month = istMonthKey(new Date())): Promise<MonthlyUsageReport> {
  const { startUtc, endUtc } = istMonthRange(month);
  const offsetMinutes = IST_OFFSET_MS / 60_000;
  const rows = rowsOf<{ date: string; api_key_id: string | null; name: string | null; prefix: string | null; credits: string; events: string }>(
    await db.execute(sql`
      select to_char((l.created_at at time zone 'UTC') + make_interval(mins => ${offsetMinutes}), 'YYYY-MM-DD') as date,
             l.api_key_id, k.name, k.prefix,
             (-sum(l.amount_credits))::text as credits, count(*)::text as events
      from ledger_entries l
      left join api_keys k on k.id = l.api_key_id
      where l.account_id = ${accountId} and l.kind = 'usage'
        and l.created_at >= ${startUtc.toISOString()}::timestamptz and l.created_at < ${endUtc.toISOString()}::timestamptz
      group by 1, 2, 3, 4
      order by 1, 2 nulls first`),
  );
  const days = rows.map((r) => ({
    date: r.date,
    api_key_id: r.api_key_id,
    api_key_name: r.name,
    api_key_prefix: r.prefix,
    credits: BigInt(r.credits),
    events: Number(r.events),
  }));
  return {
    month,
    days,
    totals: { credits: days.reduce((s, d) => s + d.credits, 0n), events: days.reduce((s, d) => s + d.events, 0) },
  };
}
