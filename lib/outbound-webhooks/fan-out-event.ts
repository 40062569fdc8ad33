import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { enqueueDeliveryAttempt } from "./delivery-jobs";
import { rowsOf } from "@/lib/db/rows";

/**
 * Turns one outbox event into one delivery per subscribed, enabled endpoint of its account, and queues the
 * first attempt of each, all in one transaction. A repeat (a retried job) creates and queues nothing: only
 * deliveries inserted now get a job, and the unique (endpoint, event) pair stops duplicates.
 */
export async function fanOutWebhookEvent(db: Db, eventId: string): Promise<{ deliveries: number }> {
  return db.transaction(async (tx) => {
    const created = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
        select 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, o.id, 'pending', 0, now(), now()
        from outbox_events o
        join webhook_endpoints e on e.account_id = o.account_id and e.disabled_at is null and o.event_type = any(e.events)
        where o.id = ${eventId} and o.fanned_out_at is null
        on conflict (endpoint_id, event_id) do nothing
        returning id`),
    );
    await tx.execute(sql`update outbox_events set fanned_out_at = now() where id = ${eventId} and fanned_out_at is null`);
    for (const { id } of created) await enqueueDeliveryAttempt(tx, { deliveryId: id, attempt: 1 });
    return { deliveries: created.length };
  });
}

/**
 * Safety net (a crontab job): queues the fan-out of events that have waited more than five minutes without one,
 * e.g. written before the job runner existed. An event whose fan-out job still exists is left alone.
 */
export async function enqueuePendingFanOuts(db: Db): Promise<{ queued: number }> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select o.id, graphile_worker.add_job(
        identifier => 'fan-out-webhook-event',
        payload => json_build_object('eventId', o.id),
        job_key => 'fan-out-webhook-event:' || o.id,
        job_key_mode => 'unsafe_dedupe'
      )
      from (
        select id from outbox_events
        where fanned_out_at is null and created_at < now() - interval '5 minutes'
        order by created_at
        limit 1000
      ) o`),
  );
  return { queued: rows.length };
}
