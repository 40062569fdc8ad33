import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { DELIVERY_JOB_MAX_ATTEMPTS, FAN_OUT_BATCH_TASK } from "./delivery-jobs";
import { rowsOf } from "@/lib/db/rows";

const idArray = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * Turns outbox events into one delivery per subscribed, enabled endpoint of each event's account, and queues the
 * first attempt of each (`deliver-webhook`, keyed per delivery), in ONE transaction of three statements however
 * many events. A repeat (a retried job) creates and queues nothing: only events not yet fanned out are read, only
 * deliveries inserted now get a job, and the unique (endpoint, event) pair stops duplicates. Events locked by a
 * concurrent fan-out are waited for (FOR UPDATE), then skipped as done.
 */
export async function fanOutWebhookEvents(db: Db, eventIds: string[]): Promise<{ events: number; deliveries: number }> {
  if (eventIds.length === 0) return { events: 0, deliveries: 0 };
  return db.transaction(async (tx) => {
    const pending = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select id from outbox_events where id = any(${idArray(eventIds)}::text[]) and fanned_out_at is null
        order by id for update`),
    );
    if (pending.length === 0) return { events: 0, deliveries: 0 };
    const ids = idArray(pending.map((p) => p.id));
    const [created] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with created as (
          insert into webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
          select 'whd_' || replace(gen_random_uuid()::text, '-', ''), e.id, o.id, 'pending', 0, now(), now()
          from outbox_events o
          join webhook_endpoints e on e.account_id = o.account_id and e.disabled_at is null and o.event_type = any(e.events)
          where o.id = any(${ids}::text[]) and o.fanned_out_at is null
          on conflict (endpoint_id, event_id) do nothing
          returning id
        ), queued as (
          select graphile_worker.add_job(
            identifier => 'deliver-webhook',
            payload => json_build_object('deliveryId', c.id, 'attempt', 1),
            job_key => 'webhook-delivery:' || c.id,
            max_attempts => ${DELIVERY_JOB_MAX_ATTEMPTS}::int
          ) from created c
        )
        select count(*)::int as n from queued`),
    );
    await tx.execute(sql`update outbox_events set fanned_out_at = now() where id = any(${ids}::text[]) and fanned_out_at is null`);
    return { events: pending.length, deliveries: created?.n ?? 0 };
  });
}

/** One event's fan-out (its per-event job). */
export async function fanOutWebhookEvent(db: Db, eventId: string): Promise<{ deliveries: number }> {
  const { deliveries } = await fanOutWebhookEvents(db, [eventId]);
  return { deliveries };
}

/**
 * Safety net (a crontab job): queues the fan-out of events that have waited more than five minutes without one,
 * e.g. written before the job runner existed. An event whose per-event job still exists, or that a batch job
 * still due to run names, is left alone.
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
        select p.id from outbox_events p
        where p.fanned_out_at is null and p.created_at < now() - interval '5 minutes'
          and not exists (
            select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
            where t.identifier = ${FAN_OUT_BATCH_TASK} and j.attempts < j.max_attempts and j.payload::jsonb -> 'eventIds' ? p.id
          )
        order by p.created_at
        limit 1000
      ) o`),
  );
  return { queued: rows.length };
}
