import type { Task } from "graphile-worker";
import { z } from "zod";
import { fanOutWebhookEvent } from "@/lib/outbound-webhooks/fan-out-event";
import type { JobDeps } from "../job-deps";

const payloadSchema = z.object({ eventId: z.string().min(1) });

/** One outbox event → one delivery (and its first `deliver-webhook` job) per subscribed endpoint. */
export const fanOutWebhookEventTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    await fanOutWebhookEvent(deps.db, payloadSchema.parse(payload).eventId);
  };
