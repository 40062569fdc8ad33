import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

/**
 * Job attempts for one delivery attempt whose task THROWS (database down mid-attempt), with graphile-worker's
 * own backoff. An HTTP failure does not throw: the task records it and schedules the next attempt itself.
 */
export const DELIVERY_JOB_MAX_ATTEMPTS = 5;

/** One waiting job per delivery: "send again" replaces a scheduled retry instead of adding a second one. */
export const deliveryJobKey = (deliveryId: string) => `webhook-delivery:${deliveryId}`;
export const fanOutJobKey = (eventId: string) => `fan-out-webhook-event:${eventId}`;

/** Queues attempt `attempt` of a delivery, in the caller's transaction. */
export async function enqueueDeliveryAttempt(tx: Executor, input: { deliveryId: string; attempt: number; runAt?: Date }): Promise<void> {
  await enqueueJob(
    tx,
    "deliver-webhook",
    { deliveryId: input.deliveryId, attempt: input.attempt },
    { jobKey: deliveryJobKey(input.deliveryId), runAt: input.runAt, maxAttempts: DELIVERY_JOB_MAX_ATTEMPTS },
  );
}

/** Queues the fan-out of a new outbox event (one delivery per subscribed endpoint), in the caller's transaction. */
export async function enqueueFanOut(tx: Executor, eventId: string): Promise<void> {
  await enqueueJob(tx, "fan-out-webhook-event", { eventId }, { jobKey: fanOutJobKey(eventId) });
}

/**
 * The same as enqueueFanOut for several events in one statement. The events need not exist yet (the caller's
 * next statement may write them): a fan-out job finds its event when it runs, after the commit, and one whose
 * event was never written does nothing.
 */
export async function enqueueFanOuts(tx: Executor, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.execute(sql`select graphile_worker.add_job(
      identifier => 'fan-out-webhook-event',
      payload => json_build_object('eventId', e.id),
      job_key => 'fan-out-webhook-event:' || e.id
    ) from unnest(${`{${eventIds.join(",")}}`}::text[]) as e(id)`);
}
