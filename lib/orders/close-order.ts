import { and, eq, inArray } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import type { OrderRow } from "./order-view";

/**
 * Records that Cashfree closed an order (EXPIRED, or TERMINATED) — only while it is still open on our side, so
 * a PAID order is never moved back. Returns the order as it is afterwards.
 */
export async function closeOrder(
  db: Db,
  input: { accountId: string; orderId: string; status: "EXPIRED" | "TERMINATED"; now?: Date },
): Promise<OrderRow | null> {
  const scoped = and(eq(orders.id, input.orderId), eq(orders.accountId, input.accountId));
  const [updated] = await db
    .update(orders)
    .set({ status: input.status, updatedAt: input.now ?? new Date() })
    .where(and(scoped, inArray(orders.status, ["ACTIVE", "FAILED", "USER_DROPPED"])))
    .returning();
  if (updated) return updated;
  const [current] = await db.select().from(orders).where(scoped).limit(1);
  return current ?? null;
}

/**
 * PAYMENT_LINK_EVENT for a cancelled or expired link: the pay-in's order (id = link_id) is closed if still open.
 * A link paid meanwhile stays PAID. Returns the settlement outcome recorded on the event.
 */
export async function closeLinkOrder(tx: Executor, input: { orderId: string; status: "EXPIRED" | "TERMINATED"; now: Date }): Promise<string> {
  const [updated] = await tx
    .update(orders)
    .set({ status: input.status, updatedAt: input.now })
    .where(and(eq(orders.id, input.orderId), eq(orders.paymentLink, true), inArray(orders.status, ["ACTIVE", "FAILED", "USER_DROPPED"])))
    .returning({ id: orders.id });
  return updated ? (input.status === "EXPIRED" ? "link_expired" : "link_cancelled") : "unchanged";
}
