import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { enqueueDeliveryAttempt } from "./delivery-jobs";

/**
 * "Send again": puts a delivery of the account back in the queue now, with a fresh retry budget (a new job for
 * attempt 1, replacing any scheduled retry; the worker signs it anew with the endpoint's current secrets).
 * Another account's delivery → 404.
 */
export async function resendWebhookDelivery(db: Db, input: { accountId: string; deliveryId: string }): Promise<{ id: string; status: "pending" }> {
  return db.transaction(async (tx) => {
    const owned = tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.accountId, input.accountId));
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null, updatedAt: sql`now()` })
      .where(and(eq(webhookDeliveries.id, input.deliveryId), inArray(webhookDeliveries.endpointId, owned)))
      .returning({ id: webhookDeliveries.id });
    if (!row) throw notFound("Webhook delivery");
    await enqueueDeliveryAttempt(tx, { deliveryId: row.id, attempt: 1 });
    return { id: row.id, status: "pending" as const };
  });
}
