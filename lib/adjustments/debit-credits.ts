import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { formatCredits } from "@/lib/money/format-inr";

/**
 * Takes `credits` out through the ledger (kind `adjustment`, negative) in one statement, the account row locked
 * first; refused with the numbers when the spendable balance is smaller (402 insufficient_balance): the balance never
 * goes below zero. A cause seen before is a bug here (the caller holds the adjustment row's lock), so it throws.
 */
export async function debitCredits(tx: Tx, input: { accountId: string; credits: bigint; causeKey: string; description: string; metadata: Record<string, unknown> }): Promise<bigint> {
  const amount = input.credits.toString();
  const result = await tx.execute(sql`
    with account as (
      select credit_balance from ${accounts} where id = ${input.accountId} for update
    ), entry as (
      insert into ${ledgerEntries} (account_id, kind, amount_credits, balance_after_credits, cause_key, description, metadata)
      select ${input.accountId}, 'adjustment', -${amount}::bigint, credit_balance - ${amount}::bigint, ${input.causeKey}, ${input.description}, ${JSON.stringify(input.metadata)}::jsonb
      from account where credit_balance >= ${amount}::bigint
      on conflict (cause_key) do nothing
      returning id
    ), moved as (
      update ${accounts} set credit_balance = credit_balance - ${amount}::bigint
      where id = ${input.accountId} and exists (select 1 from entry)
      returning credit_balance
    )
    select (select credit_balance from account)::text as balance, (select id from entry)::text as entry_id`);
  const [row] = rowsOf<{ balance: string | null; entry_id: string | null }>(result);
  if (row?.balance === null || row?.balance === undefined) throw notFound("Account");
  if (row.entry_id !== null) return BigInt(row.entry_id);
  const balance = BigInt(row.balance);
  if (balance < input.credits) {
    throw new AppError(
      "insufficient_balance",
      `Cannot debit ${formatCredits(input.credits)} credits: the account holds ${formatCredits(balance)} spendable credits; a debit never takes the balance below zero.`,
      { details: { balance_credits: balance.toString(), credits: input.credits.toString(), missing_credits: (input.credits - balance).toString() } },
    );
  }
  throw new Error(`ledger cause ${input.causeKey} was already used`);
}
