import { and, asc, count, desc, eq } from "drizzle-orm";
import { creditNoteDeadlineView } from "@/lib/credit-notes/credit-note-view";
import { invoiceDatesOfOrders } from "@/lib/credit-notes/invoice-dates-of-orders";
import type { Executor } from "@/lib/db";
import { disputes } from "@/lib/db/schema";
import { disputeView, operatorDisputeView } from "./dispute-view";
import type { AdminDisputesQuery } from "./schemas";

/**
 * Operators only (policy `operator:disputes`): disputes across accounts; open ones by respond-by date, soonest
 * first. Each row carries the s.34(2) deadline of its order's invoice, and for an open dispute (which a loss or an
 * acceptance turns into a credit note) the warning when that deadline is near or past at `now`.
 */
export async function listDisputesForOperator(db: Executor, query: AdminDisputesQuery, now: Date = new Date()) {
  const where = query.open === "1" ? eq(disputes.resolution, "open") : undefined;
  const [counted] = await db.select({ n: count() }).from(disputes).where(where);
  const rows = await db
    .select()
    .from(disputes)
    .where(where)
    .orderBy(...(query.open === "1" ? [asc(disputes.respondBy), asc(disputes.id)] : [desc(disputes.createdAt), desc(disputes.id)]))
    .limit(query.limit)
    .offset(query.offset);
  const invoiceDates = await invoiceDatesOfOrders(db, rows);
  const views = rows.map((row) => ({
    ...operatorDisputeView(row),
    ...creditNoteDeadlineView(invoiceDates.get(row.orderId), { now, open: row.resolution === "open" }),
  }));
  return { disputes: views, total: Number(counted?.n ?? 0), limit: query.limit, offset: query.offset };
}

/** One account's disputes (policy payments:read), newest first; optionally one order's. */
export async function listAccountDisputes(db: Executor, accountId: string, input: { orderId?: string } = {}) {
  const rows = await db
    .select()
    .from(disputes)
    .where(and(eq(disputes.accountId, accountId), input.orderId ? eq(disputes.orderId, input.orderId) : undefined))
    .orderBy(desc(disputes.createdAt), desc(disputes.id))
    .limit(200);
  return rows.map(disputeView);
}
