import { recordAudit } from "@/lib/audit/record-audit";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { webhookEndpoints } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./event-types";
import { MAX_ENDPOINTS_PER_ACCOUNT } from "./schemas";
import { encryptSecret, generateSigningSecret } from "./secret-box";
import { toWebhookEndpointView, type WebhookEndpointView } from "./webhook-endpoint-view";
import { parseWebhookTarget, WebhookTargetRefused, type TargetPolicy } from "./webhook-target";

/** Validates a URL for registration, as a 400 naming the problem. */
export function assertRegistrableUrl(raw: string, policy?: TargetPolicy): string {
  try {
    return parseWebhookTarget(raw, policy).url.href;
  } catch (error) {
    if (error instanceof WebhookTargetRefused) {
      throw new AppError("invalid_request", `url: ${error.reason}.`, { details: { location: "body", issues: [{ path: "url", message: error.reason }] } });
    }
    throw error;
  }
}

/** Registers an endpoint; the signing secret is returned once and stored only encrypted. */
export async function createWebhookEndpoint(
  db: Db,
  input: { accountId: string; url: string; events?: WebhookEventType[]; policy?: TargetPolicy },
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const url = assertRegistrableUrl(input.url, input.policy);
  const [existing] = await db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.accountId, input.accountId));
  if ((existing?.n ?? 0) >= MAX_ENDPOINTS_PER_ACCOUNT) {
    throw new AppError("conflict", `An account can have at most ${MAX_ENDPOINTS_PER_ACCOUNT} webhook endpoints.`);
  }
  const secret = generateSigningSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        id: newId("whe"),
        accountId: input.accountId,
        url,
        events: [...new Set(input.events ?? WEBHOOK_EVENT_TYPES)],
        secretCiphertext: encryptSecret(secret),
      })
      .returning();
    await recordAudit(tx, { action: "webhook_endpoint.create", accountId: input.accountId, targetType: "webhook_endpoint", targetId: row!.id, after: { url: row!.url, events: row!.events } });
    return { endpoint: toWebhookEndpointView(row!), secret };
  });
}
