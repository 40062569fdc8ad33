import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices, orders } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { OrderRow } from "./order-view";

/** One of the account's orders with its invoice number; another account's order is a 404. */
export async function getOrder(db: Executor, input: { accountId: string; orderId: string }): Promise<{ order: OrderRow; invoiceNumber: string | null }> {
  const [row] = await db
    .select({ order: orders, invoiceNumber: invoices.invoiceNumber })
    .from(orders)
    .leftJoin(invoices, and(eq(invoices.orderId, orders.id), eq(invoices.accountId, orders.accountId)))
    .where(and(eq(orders.id, input.orderId), eq(orders.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Order");
  return row;
}
