import type { Task } from "graphile-worker";
import { settleLane, settlePendingWebhookEvents, settleWebhookEvent } from "@/lib/orders/settle-webhook-events";
import type { JobDeps } from "../job-deps";

/**
 * Settles recorded Cashfree events. A lane's job (payload `{ eventId, lane }`, keyed per lane by the webhook's one
 * statement) settles its event and drains the lane-less backlog, never throwing for a failed event (that event
 * got its own job). A per-event job (payload `{ eventId }`, given to an event that failed) throws when its event
 * failed, after the rest of the batch committed: graphile-worker retries it, and out of attempts it shows on
 * /operator/jobs.
 */
export const settleWebhookEventsTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { eventId, lane } = payload as { eventId: string; lane?: number };
    const settlement = { db: deps.db, ...deps.settlement };
    if (typeof lane === "number") await settleLane(settlement, { eventId, lane });
    else await settleWebhookEvent(settlement, eventId);
  };

/** Crontab safety net: events whose job never ran to the end (a worker killed mid-batch) are settled in batches. */
export const settlePendingWebhookEventsTask =
  (deps: JobDeps): Task =>
  async () => {
    await settlePendingWebhookEvents({ db: deps.db, ...deps.settlement });
  };
