import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outboxEvents, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueDeliveryAttempt } from "./delivery-jobs";

/** Not a subscribable event: it goes only to the endpoint it was sent to, from "Send a test event". */
export const TEST_EVENT_TYPE = "webhook.test";

/**
 * Sends a signed `webhook.test` event to ONE endpoint of the account (whatever it subscribes to), through the
 * ordinary delivery path: signature, retries, the delivery log. The outbox row is written already fanned out, so
 * no other endpoint gets it. Each call is a new event. Another account's endpoint is a 404.
 */
export async function sendTestEvent(db: Db, input: { accountId: string; endpointId: string; now?: Date }): Promise<{ eventId: string; deliveryId: string }> {
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)));
    if (!endpoint) throw notFound("Webhook endpoint");
    const now = input.now ?? new Date();
    const eventId = newId("evt");
    await tx.insert(outboxEvents).values({
      id: eventId,
      accountId: input.accountId,
      eventType: TEST_EVENT_TYPE,
      causeKey: `${TEST_EVENT_TYPE}:${endpoint.id}:${randomUUID()}`,
      payload: { id: eventId, event: TEST_EVENT_TYPE, account_id: input.accountId, amount: 0, currency: "INR", status: "test", timestamp: now.toISOString() },
      fannedOutAt: now,
    });
    const deliveryId = `whd_${randomUUID().replaceAll("-", "")}`;
    await tx.insert(webhookDeliveries).values({ id: deliveryId, endpointId: endpoint.id, eventId, status: "pending", attempts: 0, nextAttemptAt: now });
    await enqueueDeliveryAttempt(tx, { deliveryId, attempt: 1 });
    return { eventId, deliveryId };
  });
}
