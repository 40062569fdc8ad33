import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookEndpoints } from "@/lib/db/schema";
import { toWebhookEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";

export async function listWebhookEndpoints(db: Db, accountId: string): Promise<WebhookEndpointView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, accountId), isNull(webhookEndpoints.disabledAt)))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  const now = new Date();
  return rows.map((r) => toWebhookEndpointView(r, now));
}
