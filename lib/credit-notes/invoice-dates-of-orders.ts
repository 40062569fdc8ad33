import { inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";

/**
 * When each order's invoice was issued (what its credit notes' s.34(2) deadline follows), for a page of operator
 * rows in one query. Keyed by order id; an invoice counts only for the account the row names.
 */
export async function invoiceDatesOfOrders(db: Executor, rows: readonly { accountId: string; orderId: string }[]): Promise<Map<string, Date>> {
  if (rows.length === 0) return new Map();
  const found = await db
    .select({ orderId: invoices.orderId, accountId: invoices.accountId, issuedAt: invoices.issuedAt })
    .from(invoices)
    .where(inArray(invoices.orderId, [...new Set(rows.map((r) => r.orderId))]));
  const accountOf = new Map(rows.map((r) => [r.orderId, r.accountId]));
  return new Map(found.filter((i) => accountOf.get(i.orderId) === i.accountId).map((i) => [i.orderId, i.issuedAt]));
}
