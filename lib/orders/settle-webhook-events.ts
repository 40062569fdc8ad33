import { sql, type SQL } from "drizzle-orm";
import { merchantOrderIdOf, parseWebhookEvent } from "@/lib/cashfree/webhook-events";
import { getEnv } from "@/lib/config/env";
import type { Db, Tx } from "@/lib/db";
import { isConnectionError } from "@/lib/db/errors";
import { applyDisputeEvent } from "@/lib/disputes/apply-dispute-event";
import { webhookEvents } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { applyRefundStatus } from "@/lib/refunds/apply-refund-status";
import { closeLinkOrder } from "./close-order";
import { settleBatch, type BatchItem, type BatchItemResult } from "./settle-order";
import { rowsOf } from "@/lib/db/rows";

/**
 * graphile-worker attempts of an event's own (per-event, un-keyed) settlement job, with its backoff,
 * exp(min(attempts, 10)) s: an event that keeps failing ends as a failed job on /operator/jobs (retrying it there
 * settles the event alone). A lane job carries the same max_attempts but only throws for a lost connection.
 */
export const SETTLE_JOB_MAX_ATTEMPTS = 10;
/** Drains and the sweep leave an event alone after this many failures (its own per-event job still tries). */
export const SETTLE_EVENT_MAX_ATTEMPTS = SETTLE_JOB_MAX_ATTEMPTS;
/** The sweep settles events recorded at least this long ago that no job has (a worker killed mid-batch). */
export const SWEEP_AFTER_MS = 30_000;
/**
 * Settlement lanes: the webhook keys its `settle-webhook-events` job `settle-webhook-events:<event id % LANES>`
 * (graphile-worker job_key, mode preserve_run_at), so at most one job per lane is pending and a burst of events
 * costs the worker LANES job fetches, not one per event. Once a lane's job runs (is locked), add_job un-keys it
 * and inserts a new pending one, so an event recorded during a drain is never left without a job
 * (graphile-worker 0.17.3 sql/000018.sql, add_jobs: `update … set key = null, attempts = max_attempts … where
 * jobs.key = spec.job_key and is_available is not true`, then `insert … on conflict (key) do update … where
 * jobs.locked_at is null`). One narrow window remains: a worker locking the pending job between those two
 * statements makes the insert a no-op; that job's drain then runs after this event's commit in practice, and
 * the minute's sweep settles it if not. 4 lanes keep up to 4 drains running at once (JOBS_CONCURRENCY 5), each
 * batch claiming with SKIP LOCKED; a running lane job whose key was taken never retries (attempts = max).
 */
export const SETTLE_LANES = 4;
/** One lane job's drain stops after this many batches or this long, and re-adds its lane's job. */
export const LANE_DRAIN_MAX_BATCHES = 20;
export const LANE_DRAIN_BUDGET_MS = 5_000;
/** The job key of a lane: this prefix and the lane number (handle-webhook.ts appends it in SQL). */
export const LANE_JOB_KEY_PREFIX = "settle-webhook-events:";
export const laneJobKey = (lane: number) => `${LANE_JOB_KEY_PREFIX}${lane}`;

export interface SettlementOptions {
  /** The batch's clock (paid_at, invoice dates); tests pin it. */
  now?: () => Date;
  /** Events one transaction claims (default WEBHOOK_SETTLE_BATCH). */
  batchSize?: number;
  /** Runs inside each event's savepoint before it settles: tests inject failures here. */
  beforeEvent?: (event: { id: string; eventKey: string }, tx: Tx) => Promise<void> | void;
}

export interface SettleEventsDeps extends SettlementOptions {
  db: Db;
}

interface ClaimedEvent {
  id: string;
  event_key: string;
  event_type: string;
  order_id: string | null;
  payload: unknown;
}

export type EventSettlement = { ok: true; outcome: string } | { ok: false; error: string };

const cols = sql`id::text as id, event_key, event_type, order_id, payload`;
/** The cause first (drizzle wraps a database error in "Failed query: …"), bounded for the row and the job. */
const errorText = (error: unknown) => {
  if (!(error instanceof Error)) return String(error).slice(0, 2000);
  const cause = error.cause instanceof Error ? `${error.cause.message}; ` : "";
  return `${cause}${error.message}`.slice(0, 2000);
};

/** The batch item of a recorded event: payments settle, disputes hold and resolve (lib/disputes), refunds apply their status (lib/refunds), unknown types are recorded. */
function itemOf(event: ClaimedEvent): BatchItem {
  const parsed = parseWebhookEvent(event.payload, "2025-01-01");
  if (!parsed) return { orderId: null, apply: () => Promise.reject(new Error(`stored ${event.event_type} event no longer parses`)) };
  switch (parsed.kind) {
    case "payment": {
      const { order, payment } = parsed.data;
      const reported = { cfPaymentId: payment.cf_payment_id, status: payment.payment_status, amount: payment.payment_amount, currency: payment.payment_currency, group: payment.payment_group, method: payment.payment_method, paidAtText: payment.payment_time, cfOrderId: order.order_id };
      // A payment link's order (CFPay_…) settles the pay-in it was opened for (its link_id).
      const orderId = merchantOrderIdOf(order);
      return { orderId, payment: { orderId, payment: reported } };
    }
    case "payment_link": {
      // The same payment as the link order's PAYMENT_SUCCESS_WEBHOOK (transaction_id = cf_payment_id): whichever
      // settles first credits, the other finds the order PAID by that payment (order lock + cause key order:<id>).
      const { link_id: orderId, order, link_status: status, link_currency: currency } = parsed.data;
      if (order?.transaction_id && order.transaction_status === "SUCCESS") {
        const reported = { cfPaymentId: order.transaction_id, status: "SUCCESS" as const, amount: order.order_amount, currency, cfOrderId: order.order_id };
        return { orderId, payment: { orderId, payment: reported } };
      }
      if (status === "CANCELLED" || status === "EXPIRED") {
        return { orderId, apply: (tx, now) => closeLinkOrder(tx, { orderId, status: status === "CANCELLED" ? "TERMINATED" : "EXPIRED", now }) };
      }
      return { orderId: null, apply: () => Promise.resolve("ignored_link_status") };
    }
    case "dispute":
      return { orderId: parsed.data.order_details.order_id, apply: (tx, now) => applyDisputeEvent(tx, parsed.data, now) };
    case "refund": {
      // An auto refund gives back a payment Khata never credited (late or duplicate): kept for the record only.
      if (parsed.type === "AUTO_REFUND_STATUS_WEBHOOK") return { orderId: null, apply: () => Promise.resolve("recorded") };
      // The order row is locked up front by the batch, then applyRefundStatus locks the refund row.
      const refund = parsed.data;
      return { orderId: refund.order_id, apply: (tx, now) => applyRefundStatus(tx, refund, now) };
    }
    case "unknown":
      return { orderId: null, apply: () => Promise.resolve("ignored_type") };
  }
}

/**
 * One transaction: claims events (`claim`, FOR UPDATE SKIP LOCKED), settles them as one batch (optimistically in
 * one go; after a failure, again with each event in its own savepoint), marks them (settled, or attempts + 1 and the error;
 * a failed event also gets its own per-event job, ensureOwnJobs) before the invoice-numbering statement that
 * ends the transaction, and commits. Returns each claimed event's settlement.
 */
async function runBatch(deps: SettleEventsDeps, claim: (tx: Tx) => Promise<ClaimedEvent[]>): Promise<Map<string, EventSettlement>> {
  const now = deps.now ? deps.now() : new Date();
  const settled = new Map<string, EventSettlement>();
  // Optimistic first: the whole batch without savepoints (two round trips fewer an event). If any event throws,
  // that transaction rolls back whole and the batch runs again with a savepoint per event, so only the bad one fails.
  for (const isolate of [false, true]) {
    settled.clear();
    try {
      await deps.db.transaction(async (tx) => {
        const events = await claim(tx);
        if (events.length === 0) return;
        const hook = deps.beforeEvent;
        const beforeItem = hook ? async (i: number, sp: Tx) => hook({ id: events[i]!.id, eventKey: events[i]!.event_key }, sp) : undefined;
        await settleBatch(tx, events.map(itemOf), {
          now,
          isolate,
          beforeItem,
          beforeNumbering: (results) => markEvents(tx, events, results, now),
        });
      });
      return settled;
    } catch (error) {
      // A lost connection is not an event's fault: this worker gives up like a dead one (the sweep takes over).
      if (isolate || isConnectionError(error)) throw error;
      log.warn("settlement batch failed whole; settling it again event by event", { error: errorText(error) });
    }
  }
  return settled;

  async function markEvents(tx: Tx, events: ClaimedEvent[], results: BatchItemResult[], at: Date): Promise<void> {
    // Without a pinned clock, the moment of marking (the batch's work is done; only numbering and COMMIT remain),
    // so settled_at − received_at measures the lag to visible credits, not to the batch's start. One value for the
    // whole batch (statement_timestamp(), not clock_timestamp(), which moves from row to row within the statement).
    const settledAt = deps.now ? sql`${at.toISOString()}::timestamptz` : sql`statement_timestamp()`;
    const rows = events.map((e, i) => {
      const r = results[i]!;
      const entry: EventSettlement = r.ok ? { ok: true, outcome: r.outcome } : { ok: false, error: errorText(r.error) };
      settled.set(e.id, entry);
      if (r.ok && r.outcome === "unknown_order") log.warn("webhook for an unknown order", { orderId: e.order_id });
      if (!r.ok) log.warn("webhook event failed to settle; it stays unsettled", { eventId: e.id, error: entry.ok ? "" : entry.error });
      return { id: e.id, ok: r.ok, outcome: r.ok ? r.outcome : null, error: entry.ok ? null : entry.error };
    });
    await tx.execute(sql`
      update ${webhookEvents} e set
        settled_at = case when x.ok then ${settledAt} else e.settled_at end,
        outcome = case when x.ok then x.outcome else e.outcome end,
        settle_attempts = e.settle_attempts + case when x.ok then 0 else 1 end,
        last_error = case when x.ok then e.last_error else x.error end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id bigint, ok boolean, outcome text, error text)
      where e.id = x.id`);
    const failed = rows.filter((r) => !r.ok).map((r) => r.id);
    if (failed.length > 0) await ensureOwnJobs(tx, failed);
  }
}

/**
 * Failure stays visible: a failed event gets its own per-event `settle-webhook-events` job (payload `{ eventId }`,
 * un-keyed, SETTLE_JOB_MAX_ATTEMPTS with graphile-worker's backoff) unless one exists (pending, running, or
 * failed and waiting for an operator), in the transaction that counts the failure. Lane jobs (payload with a
 * `lane`) do not count: they never retry an event.
 */
async function ensureOwnJobs(tx: Tx, eventIds: string[]): Promise<void> {
  await tx.execute(sql`
    select graphile_worker.add_job(
      identifier => 'settle-webhook-events',
      payload => json_build_object('eventId', f.id::text),
      max_attempts => ${SETTLE_JOB_MAX_ATTEMPTS}::int
    )
    from unnest(${`{${eventIds.join(",")}}`}::bigint[]) as f(id)
    where not exists (
      select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'settle-webhook-events' and j.key is null
        and j.payload->>'eventId' = f.id::text and j.payload->>'lane' is null
    )`);
}

const claim = (query: SQL) => async (tx: Tx) => rowsOf<ClaimedEvent>(await tx.execute(query));

/**
 * Only payment events share a transaction. A refund or dispute event may issue a credit note, which locks its
 * invoice and then takes the year's credit-note counter until COMMIT: two of them in one transaction could lock a
 * second invoice while holding the counter and deadlock with another transaction. Each settles alone.
 */
const batchable = sql.raw(`event_type like 'PAYMENT\\_%'`);
const batchableOwn = sql.raw(`own.event_type like 'PAYMENT\\_%'`);

/** A job's own event (if unsettled and no batch holds it) and, if it is a payment, up to n-1 oldest other unsettled payment events. */
const claimOwn = (eventId: string, n: number) =>
  claim(sql`
    with own as (
      select ${cols}, 0 as rank, created_at from ${webhookEvents}
      where id = ${eventId}::bigint and settled_at is null for update skip locked
    ), others as (
      select ${cols}, 1 as rank, created_at from ${webhookEvents}
      where settled_at is null and id <> ${eventId}::bigint and settle_attempts < ${SETTLE_EVENT_MAX_ATTEMPTS}
        and ${batchable} and exists (select 1 from own where ${batchableOwn})
      order by created_at, id limit ${n - 1} for update skip locked
    )
    select * from own union all select * from others order by rank, created_at, id`);

/**
 * The drain's claim, for a lane job and for the sweep (one rule, one home), in arrival order: if the oldest due
 * event is a refund or dispute, it alone (each settles alone, see `batchable`); otherwise the oldest payment
 * events recorded before the oldest due other event, up to n. Both SKIP LOCKED under the LIMIT, so concurrent
 * drains take disjoint batches, and a refund or dispute never waits behind a steady stream of payments. Events
 * out of attempts are left to their own job; `skip` are those this drain saw fail already; `before` is the
 * sweep's age cutoff (null: a lane's drain takes any).
 * The oldest other event is read once (MATERIALIZED, and compared as an uncorrelated bound): inlined into a
 * correlated NOT EXISTS, PostgreSQL re-ran its scan for every unsettled payment, so one claim over a backlog of
 * 11,000 events ran for minutes (found by BENCH_SPLIT=1 npm run bench:webhook); now the payments are read in
 * index order and the LIMIT stops the scan.
 */
export const claimOldestQuery = (input: { n: number; before: Date | null; skip: string[] }): SQL => {
  const due = sql`settled_at is null and settle_attempts < ${SETTLE_EVENT_MAX_ATTEMPTS}
    and id <> all(${`{${input.skip.join(",")}}`}::bigint[])
    ${input.before ? sql`and created_at < ${input.before.toISOString()}::timestamptz` : sql``}`;
  return sql`
    with first_other as materialized (
      select created_at, id from ${webhookEvents} where ${due} and not ${batchable} order by created_at, id limit 1
    ), payments as (
      select ${cols}, e.created_at from ${webhookEvents} e
      where ${due} and ${batchable}
        and (not exists (select 1 from first_other) or (e.created_at, e.id) < (select o.created_at, o.id from first_other o))
      order by e.created_at, e.id limit ${input.n} for update skip locked
    ), lone as (
      select ${cols}, created_at from ${webhookEvents}
      where ${due} and not ${batchable} and not exists (select 1 from payments)
      order by created_at, id limit 1 for update skip locked
    )
    select id, event_key, event_type, order_id, payload from (select * from payments union all select * from lone) claimed
    order by created_at, id`;
};
const claimOldest = (input: { n: number; before: Date | null; skip: string[] }) => claim(claimOldestQuery(input));

/**
 * Claims and settles batches (claimOldest) until none is available, `maxBatches` ran or `deadline` passed. Each
 * event is tried once per drain. Returns the events handled and whether it stopped at its bound (events may be left).
 */
async function drain(
  deps: SettleEventsDeps,
  input: { before: Date | null; maxBatches: number; deadline?: number },
): Promise<{ settled: number; failed: number; bounded: boolean }> {
  const n = deps.batchSize ?? getEnv().WEBHOOK_SETTLE_BATCH;
  const totals = { settled: 0, failed: 0, bounded: true };
  const failed: string[] = [];
  for (let i = 0; i < input.maxBatches; i++) {
    if (input.deadline !== undefined && Date.now() >= input.deadline) return totals;
    const batch = await runBatch(deps, claimOldest({ n, before: input.before, skip: failed }));
    for (const [id, s] of batch) {
      totals[s.ok ? "settled" : "failed"]++;
      if (!s.ok) failed.push(id);
    }
    if (batch.size === 0) return { ...totals, bounded: false };
  }
  return totals;
}

/**
 * A per-event `settle-webhook-events` job (payload `{ eventId }`, no lane: one the drain gave a failed event, an
 * operator's retry, or one queued before lanes): settles its event in a batch with up to N-1 other unsettled
 * events (oldest first). If its event was claimed by another worker's batch, it waits for that batch (a blocking
 * FOR UPDATE on the event) and settles the event alone if it is still unsettled. If its event failed, it throws
 * after the rest committed, so graphile-worker retries it with backoff and, out of attempts, shows it as a failed job.
 */
export async function settleWebhookEvent(deps: SettleEventsDeps, eventId: string): Promise<EventSettlement | null> {
  const n = deps.batchSize ?? getEnv().WEBHOOK_SETTLE_BATCH;
  const batch = await runBatch(deps, claimOwn(eventId, n));
  let own = batch.get(eventId) ?? null;
  if (!own) {
    // Usually another batch settled it already: one read, no transaction.
    const [done] = rowsOf<{ outcome: string | null }>(
      await deps.db.execute(sql`select outcome from ${webhookEvents} where id = ${eventId}::bigint and settled_at is not null`),
    );
    if (done) return { ok: true, outcome: done.outcome ?? "" };
  }
  if (!own) {
    // Settled already, or locked by another batch: this waits for that batch to end, then re-reads the event.
    const alone = await runBatch(
      deps,
      claim(sql`
        with locked as (select ${cols}, settled_at from ${webhookEvents} where id = ${eventId}::bigint for update)
        select * from locked where settled_at is null`),
    );
    own = alone.get(eventId) ?? null;
  }
  if (own && !own.ok) throw new Error(`webhook event ${eventId} did not settle: ${own.error}`);
  return own;
}

/**
 * A lane's `settle-webhook-events` job (payload `{ eventId, lane }`, the lane's latest event; see SETTLE_LANES).
 * It does not start with "its" event: it drains, batches of the oldest unsettled events (claimOldest, no age
 * cutoff: payment events in batches, then refunds and disputes one at a time), so events settle in the order
 * they arrived, as one job per event did, and its own event is among them (unless another batch holds it, which
 * then settles it, or it is out of attempts and left to its per-event job). It stops when none is available, or
 * after LANE_DRAIN_MAX_BATCHES / LANE_DRAIN_BUDGET_MS, when it re-adds its lane's job so the rest does not wait
 * for the minute's sweep. It does not throw for a failed event: runBatch gave that event its own per-event job
 * (backoff, 10 attempts, then failed on /operator/jobs). A lost connection throws (the sweep takes over).
 */
export async function settleLane(
  deps: SettleEventsDeps,
  input: { eventId: string; lane: number; maxBatches?: number; budgetMs?: number },
): Promise<{ settled: number; failed: number; requeued: boolean }> {
  const deadline = Date.now() + (input.budgetMs ?? LANE_DRAIN_BUDGET_MS);
  const drained = await drain(deps, { before: null, maxBatches: input.maxBatches ?? LANE_DRAIN_MAX_BATCHES, deadline });
  if (drained.bounded) {
    // Out of budget with events perhaps left: this lane's next job (if one is already pending, it stays as it is).
    await deps.db.execute(sql`
      select graphile_worker.add_job(
        identifier => 'settle-webhook-events',
        payload => json_build_object('eventId', ${input.eventId}::text, 'lane', ${input.lane}::int),
        max_attempts => ${SETTLE_JOB_MAX_ATTEMPTS}::int,
        job_key => ${laneJobKey(input.lane)}::text,
        job_key_mode => 'preserve_run_at'
      )`);
  }
  return { settled: drained.settled, failed: drained.failed, requeued: drained.bounded };
}

/**
 * The `settle-pending-webhook-events` sweep (every minute): settles, in batches, events recorded more than
 * SWEEP_AFTER_MS ago that are still unsettled, e.g. those of a worker killed with -9 (graphile-worker keeps such
 * a job locked for 4 hours). Events out of attempts are left to their failed job. Returns the events handled.
 */
export async function settlePendingWebhookEvents(deps: SettleEventsDeps, input: { maxBatches?: number } = {}): Promise<{ settled: number; failed: number }> {
  const before = new Date((deps.now ? deps.now() : new Date()).getTime() - SWEEP_AFTER_MS);
  const { settled, failed } = await drain(deps, { before, maxBatches: input.maxBatches ?? 20 });
  return { settled, failed };
}
