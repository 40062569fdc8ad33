import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { rowsOf } from "@/lib/db/rows";

export type GrantKind = "topup" | "plan" | "coupon" | "adjustment";

export interface GrantInput {
  accountId: string;
  kind: GrantKind;
  amountCredits: bigint;
  /** Names the cause (`order:cm_…`, `coupon:cpn_…:acc_…`); a cause is granted once, ever. */
  causeKey: string;
  orderId?: string;
  couponId?: string;
  description: string;
  metadata?: Record<string, unknown>;
}

export interface GrantResult {
  granted: boolean;
  balanceAfterCredits: bigint;
  ledgerEntryId: bigint | null;
}

type GrantRow = {
  found: boolean;
  balance_before: string | null;
  entry_id: string | null;
};

/**
 * Adds credits through the ledger, inside the caller's transaction, in one statement: the account row is locked
 * first (FOR UPDATE), the ledger entry is written with the running balance, and the cached balance moves only if
 * the entry was new. A cause key seen before grants nothing.
 */
export async function grantCredits(tx: Tx, input: GrantInput): Promise<GrantResult> {
  if (input.amountCredits <= 0n) throw new Error("grantCredits needs a positive amount");
  const amount = input.amountCredits.toString();
  const result = await tx.execute<GrantRow>(sql`
    with account as (
      select credit_balance from ${accounts} where id = ${input.accountId} for update
    ), entry as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, order_id, coupon_id, description, metadata)
      select ${input.accountId}, ${input.kind}, ${amount}::bigint, credit_balance + ${amount}::bigint, ${input.causeKey},
             ${input.orderId ?? null}, ${input.couponId ?? null}, ${input.description}, ${input.metadata ? JSON.stringify(input.metadata) : null}::jsonb
      from account
      on conflict (cause_key) do nothing
      returning id
    ), moved as (
      update ${accounts} set credit_balance = credit_balance + ${amount}::bigint
      where id = ${input.accountId} and exists (select 1 from entry)
      returning credit_balance
    )
    select exists (select 1 from account) as found,
           (select credit_balance from account)::text as balance_before,
           (select id from entry)::text as entry_id,
           (select count(*) from moved) as moved_rows`);
  const [row] = rowsOf<GrantRow>(result);
  if (!row?.found || row.balance_before === null) throw notFound("Account");
  const before = BigInt(row.balance_before);
  if (row.entry_id === null) return { granted: false, balanceAfterCredits: before, ledgerEntryId: null };
  return { granted: true, balanceAfterCredits: before + input.amountCredits, ledgerEntryId: BigInt(row.entry_id) };
}
