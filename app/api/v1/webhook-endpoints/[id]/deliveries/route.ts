// GET /api/v1/webhook-endpoints/:id/deliveries – the endpoint's delivery log (status, attempts, response code, latency)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listWebhookDeliveries } from "@/lib/outbound-webhooks/list-webhook-deliveries";
import { listDeliveriesQuerySchema, webhookEndpointParamsSchema } from "@/lib/outbound-webhooks/schemas";

export const GET = apiRoute(
  { auth: "session", action: "webhooks:manage", params: webhookEndpointParamsSchema, query: listDeliveriesQuerySchema },
  async ({ db, accountId, params, query }) => ({
    body: { deliveries: await listWebhookDeliveries(db, { accountId, endpointId: params.id, limit: query.limit, status: query.status }) },
  }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
