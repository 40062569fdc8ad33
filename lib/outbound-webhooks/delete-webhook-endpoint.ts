import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** Deletes an endpoint of the account and its delivery log; pending deliveries to it stop. Another account's id → 404. */
export async function deleteWebhookEndpoint(db: Db, input: { accountId: string; endpointId: string }): Promise<void> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound("Webhook endpoint");
}
