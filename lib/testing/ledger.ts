import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import type { LedgerKind } from "@/lib/credits/statement-view";

export interface LedgerSeed {
  kind: LedgerKind;
  amountCredits: bigint;
  at: Date;
  apiKeyId?: string | null;
  orderId?: string | null;
  couponId?: string | null;
  causeKey?: string;
  description?: string;
}

/**
 * Appends entries to an account's ledger at given instants (a statement spans months; the services write `now()`),
 * in the given order, each with its balance_after, and moves the account's balance by their sum: the same rows
 * and invariant the credit services keep. Refuses a sequence that would go negative.
 */
export async function appendLedgerEntries(db: Db, accountId: string, entries: LedgerSeed[]): Promise<void> {
  await db.transaction(async (tx) => {
    const [acc] = rowsOf<{ balance: string }>(await tx.execute(sql`select credit_balance::text as balance from accounts where id = ${accountId} for update`));
    let balance = BigInt(acc!.balance);
    const rows = entries.map((e, i) => {
      balance += e.amountCredits;
      if (balance < 0n) throw new Error(`ledger seed ${i} would make the balance negative`);
      return {
        kind: e.kind,
        amount: e.amountCredits.toString(),
        after: balance.toString(),
        cause: e.causeKey ?? `seed:${accountId}:${e.at.getTime()}:${i}:${Math.random().toString(36).slice(2)}`,
        order_id: e.orderId ?? null,
        coupon_id: e.couponId ?? null,
        api_key_id: e.apiKeyId ?? null,
        description: e.description ?? null,
        at: e.at.toISOString(),
        ord: i,
      };
    });
    await tx.execute(sql`
      insert into ledger_entries (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, coupon_id, api_key_id, description, created_at)
      select ${accountId}, r.kind, r.amount::bigint, r.after::bigint, r.cause, r.order_id, r.coupon_id, r.api_key_id, r.description, r.at::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(kind text, amount text, after text, cause text, order_id text,
        coupon_id text, api_key_id text, description text, at text, ord int)
      order by r.ord`);
    await tx.execute(sql`update accounts set credit_balance = ${balance.toString()}::bigint where id = ${accountId}`);
  });
}
