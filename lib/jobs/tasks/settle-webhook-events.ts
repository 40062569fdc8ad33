import type { Task } from "graphile-worker";
import { settlePendingWebhookEvents, settleWebhookEvent } from "@/lib/orders/settle-webhook-events";
import type { JobDeps } from "../job-deps";

/**
 * Settles a recorded Cashfree event in a batch (queued by the webhook's one statement). Throws when its own
 * event failed, after the rest of the batch committed: graphile-worker retries it, and out of attempts it shows
 * on /operator/jobs.
 */
export const settleWebhookEventsTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { eventId } = payload as { eventId: string };
    await settleWebhookEvent({ db: deps.db, ...deps.settlement }, eventId);
  };

/** Crontab safety net: events whose job never ran to the end (a worker killed mid-batch) are settled in batches. */
export const settlePendingWebhookEventsTask =
  (deps: JobDeps): Task =>
  async () => {
    await settlePendingWebhookEvents({ db: deps.db, ...deps.settlement });
  };
