// GET /api/v1/webhook-endpoints – the account's endpoints; POST – register one (signing secret shown once)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { createWebhookEndpoint } from "@/lib/outbound-webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/lib/outbound-webhooks/list-webhook-endpoints";
import { createWebhookEndpointSchema } from "@/lib/outbound-webhooks/schemas";

export const GET = apiRoute({ auth: "session", action: "webhooks:manage" }, async ({ db, accountId }) => ({
  body: { webhook_endpoints: await listWebhookEndpoints(db, accountId) },
}));

export const POST = apiRoute(
  { auth: "session", action: "webhooks:manage", body: createWebhookEndpointSchema, idempotency: true },
  async ({ db, accountId, body }) => {
    const { endpoint, secret } = await createWebhookEndpoint(db, { accountId, url: body.url, events: body.events });
    return { status: 201, body: { webhook_endpoint: endpoint, secret, secret_shown_once: true } };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
