import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { disputes } from "@/lib/db/schema";
import { disputeView, operatorDisputeView } from "./dispute-view";
import type { AdminDisputesQuery } from "./schemas";

/** Operators only (policy `operator:disputes`): disputes across accounts; open ones by respond-by date, soonest first. */
export async function listDisputesForOperator(db: Executor, query: AdminDisputesQuery) {
  const where = query.open === "1" ? eq(disputes.resolution, "open") : undefined;
  const [counted] = await db.select({ n: count() }).from(disputes).where(where);
  const rows = await db
    .select()
    .from(disputes)
    .where(where)
    .orderBy(...(query.open === "1" ? [asc(disputes.respondBy), asc(disputes.id)] : [desc(disputes.createdAt), desc(disputes.id)]))
    .limit(query.limit)
    .offset(query.offset);
  return { disputes: rows.map(operatorDisputeView), total: Number(counted?.n ?? 0), limit: query.limit, offset: query.offset };
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
