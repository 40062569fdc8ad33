import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export type HoldKind = "refund" | "dispute_hold";

export interface HoldInput {
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

export interface HoldResult {
  /** Credits this call took out (0 when the cause was held before or the balance was empty). */
  heldCredits: bigint;
  /** True when the cause key was already in the ledger: nothing moved. */
  alreadyHeld: boolean;
  balanceAfterCredits: bigint;
}

/**
 * Takes up to `upToCredits` out of the balance through the ledger (a negative entry), inside the caller's
 * transaction: the account row is locked (FOR UPDATE) before the balance is read, so the amount held is never
 * more than the balance. A cause key seen before holds nothing; a zero hold writes no entry.
 */
export async function holdCredits(tx: Tx, input: HoldInput): Promise<HoldResult> {
  if (input.upToCredits < 0n) throw new Error("holdCredits needs a non-negative amount");
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
