// POST /api/v1/webhook-endpoints/:id/test – send a signed webhook.test event to this endpoint (shows in its delivery log)
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sendTestEvent } from "@/lib/outbound-webhooks/send-test-event";
import { webhookEndpointParamsSchema } from "@/lib/outbound-webhooks/schemas";

const body = z.strictObject({});

export const POST = apiRoute({ auth: "session", action: "webhooks:manage", params: webhookEndpointParamsSchema, body }, async ({ db, accountId, params }) => {
  const sent = await sendTestEvent(db, { accountId, endpointId: params.id });
  return { status: 202, body: { event_id: sent.eventId, delivery_id: sent.deliveryId, status: "queued" } };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
