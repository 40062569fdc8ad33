import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { outboxEvents, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export interface WebhookDeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: Date;
  /** Last change: claim, attempt result or resend. */
  updated_at: Date;
}

/** The delivery log of one endpoint of the account, newest first. */
export async function listWebhookDeliveries(
  db: Db,
  input: { accountId: string; endpointId: string; limit?: number; status?: WebhookDeliveryView["status"] },
): Promise<WebhookDeliveryView[]> {
  const [endpoint] = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)));
  if (!endpoint) throw notFound("Webhook endpoint");
  const rows = await db
    .select({ d: webhookDeliveries, type: outboxEvents.eventType })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, input.endpointId), input.status ? eq(webhookDeliveries.status, input.status) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(input.limit ?? 50);
  return rows.map(({ d, type }) => ({
    id: d.id,
    event_id: d.eventId,
    event_type: type,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt : null,
    last_status_code: d.lastStatusCode,
    last_latency_ms: d.lastLatencyMs,
    last_error: d.lastError,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  }));
}
