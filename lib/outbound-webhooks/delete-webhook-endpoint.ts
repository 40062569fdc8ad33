import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** Deletes an endpoint of the account and its delivery log; pending deliveries to it stop. Another account's id → 404. */
export async function deleteWebhookEndpoint(db: Db, input: { accountId: string; endpointId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url, events: webhookEndpoints.events });
    if (deleted.length === 0) throw notFound("Webhook endpoint");
    await recordAudit(tx, { action: "webhook_endpoint.delete", accountId: input.accountId, targetType: "webhook_endpoint", targetId: input.endpointId, before: { url: deleted[0]!.url, events: deleted[0]!.events } });
  });
}
