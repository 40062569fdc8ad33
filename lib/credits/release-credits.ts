import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, ledgerEntries } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export interface ReleaseInput {
  accountId: string;
  kind: "refund_release" | "dispute_release";
  /** The credits a hold took out, given back. */
  amountCredits: bigint;
  /** Names the release (`dispute:<id>:release`); released once, ever. */
  causeKey: string;
  orderId?: string;
  description: string;
}

/**
 * Gives a hold back through the ledger (a positive entry), inside the caller's transaction, the account row locked
 * first. A cause key seen before releases nothing. Returns whether credits moved.
 */
export async function releaseCredits(tx: Tx, input: ReleaseInput): Promise<{ released: boolean; balanceAfterCredits: bigint }> {
  if (input.amountCredits <= 0n) throw new Error("releaseCredits needs a positive amount");
  const [account] = rowsOf<{ credit_balance: string }>(
    await tx.execute(sql`select credit_balance::text from ${accounts} where id = ${input.accountId} for update`),
  );
  if (!account) throw notFound("Account");
  const balance = BigInt(account.credit_balance);
  const inserted = await tx
    .insert(ledgerEntries)
    .values({
      accountId: input.accountId,
      kind: input.kind,
      amountCredits: input.amountCredits,
      balanceAfterCredits: balance + input.amountCredits,
      causeKey: input.causeKey,
      orderId: input.orderId ?? null,
      description: input.description,
    })
    .onConflictDoNothing({ target: ledgerEntries.causeKey })
    .returning({ id: ledgerEntries.id });
  if (inserted.length === 0) return { released: false, balanceAfterCredits: balance };
  const after = balance + input.amountCredits;
  await tx.execute(sql`update ${accounts} set credit_balance = ${after.toString()}::bigint where id = ${input.accountId}`);
  return { released: true, balanceAfterCredits: after };
}
