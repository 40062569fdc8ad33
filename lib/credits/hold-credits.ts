import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { rowsOf } from "@/lib/db/rows";

export type HoldKind = "refund" | "dispute_hold" | "payout";

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

export interface HoldAvailableInput {
  accountId: string;
  kind: HoldKind;
  /** At most this many credits are taken out: what the balance allows (never below zero). */
  upToCredits: bigint;
  /** Names the cause (`dispute:<id>`); a cause is held once, ever. */
  causeKey: string;
  orderId?: string;
  description: string;
  metadata?: Record<string, unknown>;
}

export interface HoldAvailableResult {
  /** Credits this call took out (0 when the cause was held before or the balance was empty). */
  heldCredits: bigint;
  /** True when the cause key was already in the ledger: nothing moved. */
  alreadyHeld: boolean;
  balanceAfterCredits: bigint;
}

/**
 * For disputes: takes up to `upToCredits` out of the balance through the ledger (a negative entry), inside the caller's
 * transaction: the account row is locked (FOR UPDATE) before the balance is read, so the amount held is never
 * more than the balance. A cause key seen before holds nothing; a zero hold writes no entry.
 */
export async function holdAvailableCredits(tx: Tx, input: HoldAvailableInput): Promise<HoldAvailableResult> {
  if (input.upToCredits < 0n) throw new Error("holdAvailableCredits needs a non-negative amount");
  const [account] = rowsOf<{ credit_balance: string }>(
    await tx.execute(sql`select credit_balance::text from ${accounts} where id = ${input.accountId} for update`),
  );
  if (!account) throw notFound("Account");
  const balance = BigInt(account.credit_balance);
  const [seen] = rowsOf<{ id: string }>(await tx.execute(sql`select id::text from ${ledgerEntries} where cause_key = ${input.causeKey}`));
  if (seen) return { heldCredits: 0n, alreadyHeld: true, balanceAfterCredits: balance };
  const held = input.upToCredits < balance ? input.upToCredits : balance;
  if (held === 0n) return { heldCredits: 0n, alreadyHeld: false, balanceAfterCredits: balance };
  const after = balance - held;
  await tx.insert(ledgerEntries).values({
    accountId: input.accountId,
    kind: input.kind,
    amountCredits: -held,
    balanceAfterCredits: after,
    causeKey: input.causeKey,
    orderId: input.orderId ?? null,
    description: input.description,
    metadata: input.metadata ?? null,
  });
  await tx.execute(sql`update ${accounts} set credit_balance = ${after.toString()}::bigint where id = ${input.accountId}`);
  return { heldCredits: held, alreadyHeld: false, balanceAfterCredits: after };
}
