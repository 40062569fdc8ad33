import type { Task } from "graphile-worker";
import { z } from "zod";
import { isConnectionError } from "@/lib/db/errors";
import { log } from "@/lib/log";
import { notifyForOutboxEvents } from "@/lib/notifications/notify-for-event";
import { enqueueOwnFanOuts } from "@/lib/outbound-webhooks/delivery-jobs";
import { fanOutWebhookEvents } from "@/lib/outbound-webhooks/fan-out-event";
import type { JobDeps } from "../job-deps";

const payloadSchema = z.object({ eventIds: z.array(z.string().min(1)).max(10_000) });

/**
 * A settlement batch's outbox events (enqueueFanOuts): their deliveries in one transaction, then their mails.
 * Where that fails for any reason but a lost connection (which graphile-worker retries, the whole batch being
 * idempotent), each event gets its own `fan-out-webhook-event` job instead, so one bad event neither holds back
 * the others nor hides: it retries with backoff and, out of attempts, shows on /operator/jobs.
 */
export const fanOutWebhookEventsTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { eventIds } = payloadSchema.parse(payload);
    try {
      await fanOutWebhookEvents(deps.db, eventIds);
      await notifyForOutboxEvents(deps.db, eventIds);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      log.warn("batch fan-out failed; each event gets its own fan-out job", { events: eventIds.length, error: String(error) });
      await enqueueOwnFanOuts(deps.db, eventIds);
    }
  };
