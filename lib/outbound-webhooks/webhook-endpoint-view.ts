import type { webhookEndpoints } from "@/lib/db/schema";

/** What the API shows about an endpoint: never a secret (shown once on create/rotate), never ciphertext. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  created_at: Date;
  /** Set while a rotation's overlap window is open: the previous secret still signs until then. */
  previous_secret_expires_at: Date | null;
}

export function toWebhookEndpointView(row: typeof webhookEndpoints.$inferSelect, now = new Date()): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    created_at: row.createdAt,
    previous_secret_expires_at:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > now.getTime() ? row.previousSecretExpiresAt : null,
  };
}
