import type { Task } from "graphile-worker";
import { z } from "zod";
import { deliverWebhook } from "@/lib/outbound-webhooks/deliver-webhook";
import type { JobDeps } from "../job-deps";

const payloadSchema = z.object({ deliveryId: z.string().min(1), attempt: z.number().int().positive() });

/** One attempt of one (endpoint, event) delivery; records it and schedules the next attempt itself. */
export const deliverWebhookTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    await deliverWebhook(deps.db, payloadSchema.parse(payload), deps.delivery);
  };
