import { sql } from "drizzle-orm";
import type { TaskList } from "graphile-worker";
import type { Db } from "@/lib/db";
import { runJobsOnce, runJobsOnceWith } from "@/lib/jobs/start-worker";
import { settlePendingWebhookEventsTask, settleWebhookEventsTask } from "@/lib/jobs/tasks/settle-webhook-events";
import { handleWebhook, type WebhookResult } from "@/lib/orders/handle-webhook";
import type { SettlementOptions } from "@/lib/orders/settle-webhook-events";
import type { DeliverOptions } from "@/lib/outbound-webhooks/deliver-webhook";
import type { DatabaseContext } from "./database";
import { signedHeaders } from "./orders";
import { rowsOf } from "@/lib/db/rows";

/** Works every job due now (and those they queue, if due) until none is left, then returns: deterministic. */
export async function drainJobs(ctx: DatabaseContext, input: { delivery?: DeliverOptions; tasks?: TaskList } = {}): Promise<void> {
  await runJobsOnce({ connectionString: ctx.url, db: ctx.db, delivery: input.delivery, tasks: input.tasks });
}

/** Makes every waiting job due now: the test's stand-in for time passing (never a sleep). */
export async function makeJobsDue(db: Db): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`update graphile_worker._private_jobs set run_at = now() where locked_at is null and run_at > now() returning id`),
  );
  return rows.length;
}

export interface QueuedJob {
  id: string;
  task_identifier: string;
  key: string | null;
  payload: Record<string, unknown>;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  priority: number;
  last_error: string | null;
}

/** Every job in the queue (the view hides payloads; the table has them). */
export async function queuedJobs(db: Db): Promise<QueuedJob[]> {
  const rows = rowsOf<QueuedJob>(
    await db.execute(sql`
      select j.id::text as id, t.identifier as task_identifier, j.key, j.payload, j.run_at, j.attempts, j.max_attempts, j.priority, j.last_error
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      order by j.id`),
  );
  return rows.map((r) => ({ ...r, run_at: new Date(r.run_at), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts), priority: Number(r.priority) }));
}

/**
 * Runs only the webhook settlement jobs due now (the rest of the queue is left as it is), then returns the
 * settled outcome of each event that was unsettled before (a lane's job names only the lane's latest event, and
 * drains the rest), by event id, oldest first: the test's stand-in for the worker settling recorded webhooks
 * moments after the 2xx.
 */
export async function settleWebhookJobs(ctx: DatabaseContext, settlement: SettlementOptions = {}): Promise<Map<string, string | null>> {
  const eventIds = rowsOf<{ id: string }>(await ctx.db.execute(sql`select e.id::text as id from webhook_events e where e.settled_at is null order by e.id`)).map((r) => r.id);
  const deps = { db: ctx.db, settlement };
  await runJobsOnceWith(ctx.url, { "settle-webhook-events": settleWebhookEventsTask(deps), "settle-pending-webhook-events": settlePendingWebhookEventsTask(deps) });
  if (eventIds.length === 0) return new Map();
  const rows = rowsOf<{ id: string; outcome: string | null }>(
    await ctx.db.execute(sql`select id::text as id, outcome from webhook_events where id = any(${`{${eventIds.join(",")}}`}::bigint[])`),
  );
  const outcome = new Map(rows.map((r) => [r.id, r.outcome]));
  return new Map(eventIds.map((id) => [id, outcome.get(id) ?? null])); // in the jobs' order, the newest last
}

/** Delivers one signed webhook and runs the settlement jobs: the answer plus the settled event's outcome. */
export async function deliverAndSettle(
  ctx: DatabaseContext,
  input: { secret: string; rawBody: string; headers?: Record<string, string>; settlement?: SettlementOptions },
): Promise<WebhookResult & { settled: string | null }> {
  const answer = await handleWebhook({ db: ctx.db, secret: input.secret }, { rawBody: input.rawBody, headers: input.headers ?? signedHeaders(input.rawBody, input.secret) });
  const outcomes = await settleWebhookJobs(ctx, input.settlement);
  const settled = answer.duplicate ? null : ([...outcomes.values()].at(-1) ?? null);
  return { ...answer, settled };
}
