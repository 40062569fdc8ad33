import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { DEFAULT_ROTATION_OVERLAP_HOURS } from "./schemas";
import { encryptSecret, generateSigningSecret } from "./secret-box";
import { toWebhookEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";

/**
 * Issues a new signing secret (returned once). During the overlap window deliveries carry two v1 signatures,
 * one per secret, so receivers can switch secrets without dropping a delivery. Rotating again inside a window
 * replaces the previous secret with the current one (only two secrets ever sign).
 */
export async function rotateWebhookSecret(
  db: Db,
  input: { accountId: string; endpointId: string; overlapHours?: number },
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const secret = generateSigningSecret();
  const hours = input.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecretCiphertext: sql`${webhookEndpoints.secretCiphertext}`,
      previousSecretExpiresAt: sql`now() + make_interval(hours => ${hours})`,
      secretCiphertext: encryptSecret(secret),
    })
    .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)))
    .returning();
  if (!row) throw notFound("Webhook endpoint");
  return { endpoint: toWebhookEndpointView(row), secret };
}
