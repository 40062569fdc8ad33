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

/** One waiting batch fan-out job per settlement batch, found by the safety net through its payload. */
export const FAN_OUT_BATCH_TASK = "fan-out-webhook-events";

/**
 * The fan-out of several events (a settlement batch's), as ONE `fan-out-webhook-events` job in the caller's
 * transaction: one add_job and one job run for the batch instead of one per event, which was most of a
 * settlement worker's time (docs/BENCHMARKS.md). Un-keyed, so concurrent batches never wait on one job row. The
 * events need not exist yet (the caller's next statement may write them): the job finds them after the commit,
 * and one never written is skipped.
 */
export async function enqueueFanOuts(tx: Executor, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await enqueueJob(tx, FAN_OUT_BATCH_TASK, { eventIds });
}

/**
 * A per-event fan-out job for each event, unless one exists (pending, running or failed): where a batch's
 * fan-out failed, each event is retried on its own with backoff and, out of attempts, shown on /operator/jobs.
 */
export async function enqueueOwnFanOuts(tx: Executor, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await tx.execute(sql`select graphile_worker.add_job(
      identifier => 'fan-out-webhook-event',
      payload => json_build_object('eventId', e.id),
      job_key => 'fan-out-webhook-event:' || e.id,
      job_key_mode => 'unsafe_dedupe'
    ) from unnest(${`{${eventIds.join(",")}}`}::text[]) as e(id)`);
}
