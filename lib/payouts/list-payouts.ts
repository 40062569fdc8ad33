import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { payoutAllocations, payouts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { PayoutAllocationRow, PayoutRow } from "./payout-rules";
import type { ListPayoutsQuery } from "./schemas";

/** The account's payouts, newest first, optionally of one status (seed 001 `GET /payouts?status=`). */
export async function listPayouts(db: Executor, accountId: string, query: ListPayoutsQuery): Promise<PayoutRow[]> {
  return db
    .select()
    .from(payouts)
    .where(and(eq(payouts.accountId, accountId), query.status ? eq(payouts.status, query.status) : undefined))
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(query.limit)
    .offset(query.offset);
}

/** One of the account's payouts; another account's is a 404, as a missing one. */
export async function getPayout(db: Executor, accountId: string, payoutId: string): Promise<PayoutRow> {
  const [payout] = await db.select().from(payouts).where(and(eq(payouts.id, payoutId), eq(payouts.accountId, accountId)));
  if (!payout) throw notFound("Payout");
  return payout;
}

/** Operators: every account's payouts, oldest waiting first for `requested`, else newest first. */
export async function listAllPayouts(db: Executor, query: ListPayoutsQuery): Promise<PayoutRow[]> {
  return db
    .select()
    .from(payouts)
    .where(query.status ? eq(payouts.status, query.status) : undefined)
    .orderBy(...(query.status === "requested" ? [payouts.createdAt, payouts.id] : [desc(payouts.createdAt), desc(payouts.id)]))
    .limit(query.limit)
    .offset(query.offset);
}

export async function allocationsOf(db: Executor, payoutId: string): Promise<PayoutAllocationRow[]> {
  return db.select().from(payoutAllocations).where(eq(payoutAllocations.payoutId, payoutId)).orderBy(payoutAllocations.orderId);
}
