import type { Task } from "graphile-worker";
import { z } from "zod";
import { notifyForOutboxEvent } from "@/lib/notifications/notify-for-event";
import { fanOutWebhookEvent } from "@/lib/outbound-webhooks/fan-out-event";
import type { JobDeps } from "../job-deps";

const payloadSchema = z.object({ eventId: z.string().min(1) });

/**
 * One outbox event → one delivery (and its first `deliver-webhook` job) per subscribed endpoint, then the mails
 * the event means for the account's people (lib/notifications). Both halves are idempotent, so a retry after the
 * first succeeded and the second failed redoes nothing twice.
 */
export const fanOutWebhookEventTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { eventId } = payloadSchema.parse(payload);
    await fanOutWebhookEvent(deps.db, eventId);
    await notifyForOutboxEvent(deps.db, eventId);
  };
