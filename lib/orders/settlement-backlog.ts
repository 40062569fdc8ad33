import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { SETTLE_EVENT_MAX_ATTEMPTS } from "./settle-webhook-events";

/**
 * Whether at least `atLeast` recorded webhook events wait for settlement (still due: not out of attempts). One
 * index range read (webhook_events_unsettled_idx) that stops at `atLeast` rows, so it costs the same however
 * deep the backlog. Deferrable work (PDF renders) asks this to yield while settlement is behind.
 */
export async function settlementBehindBy(db: Executor, atLeast: number): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from (
        select 1 from webhook_events where settled_at is null and settle_attempts < ${SETTLE_EVENT_MAX_ATTEMPTS} limit ${atLeast}
      ) due`),
  );
  return (row?.n ?? 0) >= atLeast;
}
