import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { creditAdjustments } from "@/lib/db/schema";
import { toAdjustmentView, type AdjustmentView } from "./adjustment-view";
import type { ListAdjustmentsQuery } from "./schemas";

/** Adjustments across accounts for operators, newest first, optionally by status and account. */
export async function listAdjustments(db: Executor, query: ListAdjustmentsQuery): Promise<AdjustmentView[]> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(creditAdjustments.status, query.status));
  if (query.account_id) filters.push(eq(creditAdjustments.accountId, query.account_id));
  const rows = await db
    .select()
    .from(creditAdjustments)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(creditAdjustments.createdAt), desc(creditAdjustments.id))
    .limit(query.limit);
  return rows.map(toAdjustmentView);
}
