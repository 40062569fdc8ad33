import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { rowsOf } from "@/lib/db/rows";

export interface ReleaseInput {
  accountId: string;
  kind: "refund_release" | "dispute_release" | "payout_release";
  amountCredits: bigint;
  /** Names the release (`refund:rf_…:release`); a cause is released once, ever. */
  causeKey: string;
  orderId?: string;
  description: string;
}

/**
 * Gives a hold back through the ledger (a positive entry), inside the caller's transaction, in one statement
 * (account row locked first, as grantCredits). A cause key seen before releases nothing.
 */
export async function releaseCredits(tx: Tx, input: ReleaseInput): Promise<{ released: boolean; balanceAfterCredits: bigint }> {
  if (input.amountCredits <= 0n) throw new Error("releaseCredits needs a positive amount");
  const amount = input.amountCredits.toString();
  const result = await tx.execute(sql`
    with account as (
      select credit_balance from ${accounts} where id = ${input.accountId} for update
    ), entry as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, description)
      select ${input.accountId}, ${input.kind}, ${amount}::bigint, credit_balance + ${amount}::bigint, ${input.causeKey}, ${input.orderId ?? null}, ${input.description}
      from account
      on conflict (cause_key) do nothing
      returning id
    ), moved as (
      update ${accounts} set credit_balance = credit_balance + ${amount}::bigint
      where id = ${input.accountId} and exists (select 1 from entry)
      returning credit_balance
    )
    select (select credit_balance from account)::text as balance_before, (select id from entry)::text as entry_id, (select count(*) from moved) as moved_rows`);
  const [row] = rowsOf<{ balance_before: string | null; entry_id: string | null }>(result);
  if (!row || row.balance_before === null) throw notFound("Account");
  const before = BigInt(row.balance_before);
  return row.entry_id === null ? { released: false, balanceAfterCredits: before } : { released: true, balanceAfterCredits: before + input.amountCredits };
}
