// POST /api/v1/webhook-endpoints/:id/rotate-secret – new signing secret (shown once); the old one keeps signing for the overlap window
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/outbound-webhooks/rotate-webhook-secret";
import { rotateSecretSchema, webhookEndpointParamsSchema } from "@/lib/outbound-webhooks/schemas";

export const POST = apiRoute(
  { auth: "session", action: "webhooks:manage", params: webhookEndpointParamsSchema, body: rotateSecretSchema },
  async ({ db, accountId, params, body }) => {
    const { endpoint, secret } = await rotateWebhookSecret(db, { accountId, endpointId: params.id, overlapHours: body.overlap_hours });
    return { body: { webhook_endpoint: endpoint, secret, secret_shown_once: true } };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
