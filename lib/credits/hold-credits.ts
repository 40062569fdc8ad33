import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { rowsOf } from "@/lib/db/rows";

export type HoldKind = "refund" | "dispute_hold";

export interface HoldInput {
  accountId: string;
  kind: HoldKind;
  amountCredits: bigint;
  /** Names the hold (`refund:rf_…`); a cause is held once, ever. */
  causeKey: string;
  orderId?: string;
  description: string;
  metadata?: Record<string, unknown>;
}

export type HoldResult =
  | { outcome: "held"; balanceAfterCredits: bigint; ledgerEntryId: bigint }
  /** This cause was held before: nothing moved. */
  | { outcome: "already_held"; balanceAfterCredits: bigint }
  /** The balance does not cover the hold: nothing moved (the balance never goes negative). */
  | { outcome: "insufficient_balance"; balanceCredits: bigint };

type HoldRow = { found: boolean; balance_before: string | null; entry_id: string | null; existed: boolean };

/**
 * Takes credits out through the ledger (a negative entry), inside the caller's transaction, in one statement:
 * the account row is locked first (FOR UPDATE), the entry is written only if the balance covers it, and the
 * cached balance moves only if the entry was new. A cause key seen before holds nothing.
 */
export async function holdCredits(tx: Tx, input: HoldInput): Promise<HoldResult> {
  if (input.amountCredits <= 0n) throw new Error("holdCredits needs a positive amount");
  const amount = input.amountCredits.toString();
  const result = await tx.execute<HoldRow>(sql`
    with account as (
      select credit_balance from ${accounts} where id = ${input.accountId} for update
    ), entry as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, description, metadata)
      select ${input.accountId}, ${input.kind}, -${amount}::bigint, credit_balance - ${amount}::bigint, ${input.causeKey},
             ${input.orderId ?? null}, ${input.description}, ${input.metadata ? JSON.stringify(input.metadata) : null}::jsonb
      from account where credit_balance >= ${amount}::bigint
      on conflict (cause_key) do nothing
      returning id
    ), moved as (
      update ${accounts} set credit_balance = credit_balance - ${amount}::bigint
      where id = ${input.accountId} and exists (select 1 from entry)
      returning credit_balance
    )
    select exists (select 1 from account) as found,
           (select credit_balance from account)::text as balance_before,
           (select id from entry)::text as entry_id,
           exists (select 1 from ${ledgerEntries} where cause_key = ${input.causeKey}) as existed,
           (select count(*) from moved) as moved_rows`);
  const [row] = rowsOf<HoldRow>(result);
  if (!row?.found || row.balance_before === null) throw notFound("Account");
  const before = BigInt(row.balance_before);
  if (row.entry_id !== null) return { outcome: "held", balanceAfterCredits: before - input.amountCredits, ledgerEntryId: BigInt(row.entry_id) };
  if (row.existed) return { outcome: "already_held", balanceAfterCredits: before };
  return { outcome: "insufficient_balance", balanceCredits: before };
}
