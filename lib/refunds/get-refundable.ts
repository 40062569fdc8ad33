import type { Db } from "@/lib/db";
import { lockRefundableOrder, refundableState } from "./refund-rules";

/** How many credits of a paid top-up can be refunded now (for the Payments page's form); a plan order → 409. */
export async function getRefundableCredits(db: Db, accountId: string, orderId: string): Promise<bigint> {
  // Read-only, but through the same rule and lock order as a request, so the number shown is the one enforced.
  return db.transaction(async (tx) => (await refundableState(tx, await lockRefundableOrder(tx, accountId, orderId))).refundableCredits);
}
