import type { Executor } from "@/lib/db";
import { refundableState } from "./refund-rules";

/**
 * Refundable credits of some of an account's paid top-ups, by order id, for the Payments page's "Request refund"
 * (a read without locks: the request itself re-checks under the order's lock).
 */
export async function listRefundable(db: Executor, accountId: string, topUps: { orderId: string; credits: bigint }[]): Promise<Map<string, bigint>> {
  const entries = await Promise.all(
    topUps.map(async (o) => [o.orderId, (await refundableState(db, { id: o.orderId, accountId, credits: o.credits })).refundableCredits] as const),
  );
  return new Map(entries);
}
