import { and, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { OFFLINE_ORDER_ENV } from "@/lib/offline-payments/record-offline-payment";
import { refundableState } from "./refund-rules";

/**
 * Refundable credits of some of an account's paid top-ups, by order id, for the Payments page's "Request refund"
 * (a read without locks: the request itself re-checks under the order's lock).
 */
export async function listRefundable(db: Executor, accountId: string, topUps: { orderId: string; credits: bigint }[]): Promise<Map<string, bigint>> {
  if (topUps.length === 0) return new Map();
  // Offline payments are cancelled by operators, never refunded through Cashfree: no "Request refund" for them.
  const online = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.accountId, accountId), inArray(orders.id, topUps.map((o) => o.orderId)), ne(orders.cashfreeEnv, OFFLINE_ORDER_ENV)));
  const onlineIds = new Set(online.map((o) => o.id));
  const entries = await Promise.all(
    topUps.filter((o) => onlineIds.has(o.orderId)).map(async (o) => [o.orderId, (await refundableState(db, { id: o.orderId, accountId, credits: o.credits })).refundableCredits] as const),
  );
  return new Map(entries);
}
