// DELETE /api/v1/webhook-endpoints/:id – remove an endpoint and its delivery log
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { deleteWebhookEndpoint } from "@/lib/outbound-webhooks/delete-webhook-endpoint";
import { webhookEndpointParamsSchema } from "@/lib/outbound-webhooks/schemas";

export const DELETE = apiRoute({ auth: "session", action: "webhooks:manage", params: webhookEndpointParamsSchema }, async ({ db, accountId, params }) => {
  await deleteWebhookEndpoint(db, { accountId, endpointId: params.id });
  return { body: { id: params.id, deleted: true } };
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed("DELETE");
