import { recordAudit } from "@/lib/audit/record-audit";
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
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        previousSecretCiphertext: sql`${webhookEndpoints.secretCiphertext}`,
        previousSecretExpiresAt: sql`now() + make_interval(hours => ${hours})`,
        secretCiphertext: encryptSecret(secret),
      })
      .where(and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.accountId, input.accountId)))
      .returning();
    if (!row) throw notFound("Webhook endpoint");
    // Never the secrets themselves: only that one was rotated and until when the previous one still signs.
    await recordAudit(tx, { action: "webhook_endpoint.rotate_secret", accountId: input.accountId, targetType: "webhook_endpoint", targetId: row.id, after: { previous_secret_expires_at: row.previousSecretExpiresAt } });
    return { endpoint: toWebhookEndpointView(row), secret };
  });
}
