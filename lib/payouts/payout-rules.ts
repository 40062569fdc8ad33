import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/lib/db";
import { payoutAllocations, payouts } from "@/lib/db/schema";

export type PayoutRow = typeof payouts.$inferSelect;
export type PayoutAllocationRow = typeof payoutAllocations.$inferSelect;

/** Payouts whose credits stay withdrawn (held or paid out): their allocations count against their orders. */
export const COMMITTED_PAYOUT_STATUSES = ["requested", "approved", "processing", "processed"] as const;

/** Credits and paise of an order's allocations to committed payouts (lib/refunds counts them as it counts refunds). */
export async function committedPayoutAllocations(tx: Executor, orderId: string): Promise<{ credits: bigint; amountPaise: bigint }> {
  const [row] = await tx
    .select({
      credits: sql<string>`coalesce(sum(${payoutAllocations.credits}), 0)::text`,
      paise: sql<string>`coalesce(sum(${payoutAllocations.amountPaise}), 0)::text`,
    })
    .from(payoutAllocations)
    .innerJoin(payouts, eq(payouts.id, payoutAllocations.payoutId))
    .where(and(eq(payoutAllocations.orderId, orderId), inArray(payouts.status, [...COMMITTED_PAYOUT_STATUSES])));
  return { credits: BigInt(row?.credits ?? "0"), amountPaise: BigInt(row?.paise ?? "0") };
}

/** Locks the payout row (FOR UPDATE). Every payout writer takes this lock before changing it. */
export async function lockPayout(tx: Tx, payoutId: string): Promise<PayoutRow | null> {
  const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for("update");
  return payout ?? null;
}

/** Cashfree beneficiary ids: alphanumerics, `_`, `|`, `.`, at most 50; one per account and bank account. */
export function beneficiaryIdFor(accountId: string, accountNumber: string, ifsc: string, hash: (text: string) => string): string {
  return `kh_${hash(`${accountId}|${accountNumber}|${ifsc}`).slice(0, 40)}`;
}

/** `XXXXXX1234`: what the API and the pages show of a bank account number. */
export function maskAccountNumber(accountNumber: string): string {
  return `${"X".repeat(Math.max(0, accountNumber.length - 4))}${accountNumber.slice(-4)}`;
}
