import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { describeWithDatabase } from "@/lib/testing/database";
import { claimOldestQuery } from "./settle-webhook-events";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** Rows the plan read from webhook_events, over every loop of every node that scans it. */
function rowsRead(node: PlanNode): number {
  const own = node["Relation Name"] === "webhook_events" ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0)) * node["Actual Loops"] : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + rowsRead(child), 0);
}

/** EXPLAIN ANALYZE of one claim (its row locks end with the statement's transaction; it changes no row). */
async function explainClaim(db: Db, input: { n: number; before: Date | null }): Promise<{ rows: number; claimed: number }> {
  const result = await db.execute(sql`explain (analyze, format json) ${claimOldestQuery({ ...input, skip: [] })}`);
  const [row] = rowsOf<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(result);
  const root = row!["QUERY PLAN"][0].Plan;
  return { rows: rowsRead(root), claimed: root["Actual Rows"] };
}

describeWithDatabase("the drain's claim reads a backlog once, whatever the statistics say", (ctx) => {
  it("5,000 unsettled payment events behind statistics taken over 20,000 settled ones: a claim of 100 reads O(backlog) rows, not O(backlog × batch)", async () => {
    const insert = (from: number, to: number, settled: boolean) =>
      ctx.db.execute(sql`
        insert into webhook_events (event_key, event_type, order_id, payload, created_at, settled_at)
        select 'PAYMENT_SUCCESS_WEBHOOK:' || g, 'PAYMENT_SUCCESS_WEBHOOK', 'ord_' || g, '{}'::jsonb,
          timestamptz '2026-12-01 00:00:00+00' + g * interval '1 ms', ${settled ? sql`timestamptz '2026-12-01 06:00:00+00'` : sql`null`}
        from generate_series(${from}::int, ${to}::int) g`);
    // Statistics from before a burst (every event settled), and no autovacuum to refresh them: how a backlog meets the
    // planner. No refund or dispute is waiting, so finding "the oldest other event" reads every unsettled event.
    await ctx.db.execute(sql`alter table webhook_events set (autovacuum_enabled = false)`);
    await insert(1, 20_000, true);
    await ctx.db.execute(sql`analyze webhook_events`);
    await insert(20_001, 25_000, false);

    for (const before of [null, new Date("2026-12-02T00:00:00Z")]) {
      const { rows, claimed } = await explainClaim(ctx.db, { n: 100, before });
      expect(claimed).toBe(100);
      // Read once: the backlog for the oldest other event, then the payments in index order up to the LIMIT. The
      // inlined, correlated NOT EXISTS before 2b20bf1 re-ran the first read for every payment: 100 × 5,000 rows here,
      // and with the payments sorted instead of read in index order, 5,000 × 5,000 (a claim ran for minutes).
      expect(rows).toBeLessThan(2 * 5_000 + 100);
    }
  });
});
