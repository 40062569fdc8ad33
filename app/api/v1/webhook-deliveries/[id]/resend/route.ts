// POST /api/v1/webhook-deliveries/:id/resend – "send again": queue the delivery now with a fresh retry budget
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { resendWebhookDelivery } from "@/lib/outbound-webhooks/resend-webhook-delivery";
import { webhookDeliveryParamsSchema } from "@/lib/outbound-webhooks/schemas";

export const POST = apiRoute({ auth: "session", action: "webhooks:manage", params: webhookDeliveryParamsSchema }, async ({ db, accountId, params }) => ({
  status: 202,
  body: { delivery: await resendWebhookDelivery(db, { accountId, deliveryId: params.id }) },
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
