import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./event-types";

export const MAX_ENDPOINTS_PER_ACCOUNT = 10;
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

export const createWebhookEndpointSchema = z.strictObject({
  url: z.string().trim().min(1).max(2048),
  /** Defaults to every event type. */
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length).optional(),
});

export const rotateSecretSchema = z.strictObject({
  /** How long the previous secret keeps signing alongside the new one (0 = stop at once). */
  overlap_hours: z.number().int().min(0).max(168).optional(),
});

export const webhookEndpointParamsSchema = z.object({ id: z.string().regex(/^whe_[0-9a-f]{24}$/) });
export const webhookDeliveryParamsSchema = z.object({ id: z.string().regex(/^whd_[0-9a-f]{24,32}$/) });

export const listDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
});
