import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { rowsOf } from "@/lib/db/rows";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { recordUsage, recordUsageWithApiKey } from "./record-usage";
import { recordUsageBatch, recordUsageBatchWithApiKey } from "./record-usage-batch";

// drizzle/0032: PL/pgSQL caches a plan per statement and session; one cached while a table was small scanned the
// whole table on every later call (ledger_entries for the replay check: Postgres CPU per usage call 0.6 → 3.7 ms
// in four minutes of bench:usage). The usage entry points plan with index paths only.
const ENTRY_POINTS = ["khata_record_usage_with_key", "khata_record_usage_batch_with_key", "khata_record_usage", "khata_record_usage_batch", "khata_consume_credits"];
const KEYED_TABLES = ["ledger_entries", "accounts", "monthly_usage", "api_keys", "rate_limit_buckets", "auto_top_up_settings"];

describeWithDatabase("usage functions: index paths only, whatever a cached plan saw", (ctx) => {
  let session: DbHandle;
  beforeAll(() => {
    // ONE connection, so every call below shares one session's plan cache, as a pooled connection does.
    session = openDatabase(ctx.url, { max: 1 });
  });
  afterAll(() => session.close());

  it("every entry point carries enable_seqscan = off (a later CREATE OR REPLACE must repeat it)", async () => {
    const rows = rowsOf<{ proname: string; config: string[] | null }>(
      await ctx.db.execute(sql`select proname, proconfig as config from pg_proc where proname = any(${sql.raw(`array[${ENTRY_POINTS.map((p) => `'${p}'`).join(",")}]`)})`),
    );
    expect(rows.map((r) => [r.proname, r.config]).sort()).toEqual(ENTRY_POINTS.map((p) => [p, ["enable_seqscan=off"]]).sort());
  });

  it("a session that first ran the usage calls on small tables reads no keyed table sequentially after they grow", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 1_000_000n });
    const { key } = await createApiKey(ctx.db, { accountId, name: "plans", createdByUserId: ownerId });
    const other = await createAccount(ctx.db, { balanceCredits: 0n });
    // Statistics of small tables, as a fresh deployment's first ANALYZE (autovacuum's, or a restore's) leaves them.
    await ctx.db.execute(sql.raw(`analyze ${KEYED_TABLES.join(", ")}`));
    let n = 0;
    const calls = async (tx: Parameters<typeof recordUsage>[0], times: number) => {
      for (let i = 0; i < times; i++) {
        const keyed = await recordUsageWithApiKey(tx, { presentedKey: key, clientIp: "203.0.113.9", event: { event_id: `k${++n}`, credits: 1 } });
        expect(keyed.kind).toBe("answered");
        await recordUsage(tx, { accountId, apiKeyId: null, event: { event_id: `s${n}`, credits: 1 } });
        await recordUsageBatch(tx, { accountId, apiKeyId: null, events: [{ event_id: `b${n}`, credits: 1 }] });
        const batch = await recordUsageBatchWithApiKey(tx, { presentedKey: key, clientIp: "203.0.113.9", events: [{ event_id: `kb${n}`, credits: 1 }] });
        expect(batch.kind).toBe("answered");
      }
    };
    const scans = await session.db.transaction(async (tx) => {
      // More than PL/pgSQL's five custom plans, so each statement's generic plan is cached while the tables are small…
      await calls(tx, 7);
      // …then the ledger grows (committed by another session, so this transaction's next statements see it)…
      await ctx.db.execute(sql`
        insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, description)
        select ${other.accountId}, 'adjustment', 1, i, 'plans:grow:' || i, 'growth' from generate_series(1, 20000) i`);
      await ctx.db.execute(sql`update accounts set credit_balance = 20000 where id = ${other.accountId}`);
      // …and the same session keeps calling.
      await calls(tx, 3);
      // This transaction's own counters: no flush delay, nothing from other sessions.
      const r = rowsOf<{ relname: string; seq_scan: string }>(
        await tx.execute(sql`select relname, seq_scan::text from pg_stat_xact_user_tables where relname = any(${sql.raw(`array[${KEYED_TABLES.map((t) => `'${t}'`).join(",")}]`)})`),
      );
      return Object.fromEntries(r.map((row) => [row.relname, Number(row.seq_scan)]));
    });
    expect(Object.keys(scans).sort()).toEqual([...KEYED_TABLES].sort());
    expect(scans).toEqual(Object.fromEntries(KEYED_TABLES.map((t) => [t, 0])));
  });
});
