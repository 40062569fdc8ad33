import { and, desc, eq } from "drizzle-orm";
import { TEAM_SCOPE, type HistoryScope } from "@/lib/auth/history-scope";
import type { Executor } from "@/lib/db";
import { payoutAllocations, payouts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { PayoutAllocationRow, PayoutRow } from "./payout-rules";
import type { ListPayoutsQuery } from "./schemas";

/** Only a member's own payouts when `scope` says so (historyScope): the user who requested it, by session or personal key. */
const scoped = (scope: HistoryScope) => (scope.kind === "own" ? eq(payouts.requestedByUserId, scope.userId) : undefined);

/** The account's payouts, newest first, optionally of one status (seed 001 `GET /payouts?status=`); a member's own only. */
export async function listPayouts(db: Executor, accountId: string, query: ListPayoutsQuery, scope: HistoryScope = TEAM_SCOPE): Promise<PayoutRow[]> {
  return db
    .select()
    .from(payouts)
    .where(and(eq(payouts.accountId, accountId), scoped(scope), query.status ? eq(payouts.status, query.status) : undefined))
    .orderBy(desc(payouts.createdAt), desc(payouts.id))
    .limit(query.limit)
    .offset(query.offset);
}

/** One of the account's payouts; another account's (or, for a member, another member's) is a 404, as a missing one. */
export async function getPayout(db: Executor, accountId: string, payoutId: string, scope: HistoryScope = TEAM_SCOPE): Promise<PayoutRow> {
  const [payout] = await db.select().from(payouts).where(and(eq(payouts.id, payoutId), eq(payouts.accountId, accountId), scoped(scope)));
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
