import { and, asc, eq, isNull, lt, sql } from "drizzle-orm";
import { parseSubscriptionWebhookEvent, verifySubscriptionWebhook, type SubscriptionWebhookEvent } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { subscriptionWebhookEvents } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { applyRenewalEvent } from "./apply-renewal-event";

/** graphile-worker attempts of one event's job; out of them it shows as a failed job on /operator/jobs. */
export const APPLY_SUBSCRIPTION_EVENT_MAX_ATTEMPTS = 10;
/** The dunning cron applies events recorded at least this long ago that their job has not (a killed worker). */
export const SUBSCRIPTION_INBOX_SWEEP_AFTER_MS = 30_000;

export interface InboxDeps {
  db: Db;
  /** Cashfree signs with the client secret; defaults to CASHFREE_CLIENT_SECRET. */
  secret?: string;
  /** The business clock (received_at, periods); tests pin it. */
  now?: () => Date;
  /** The replay window's clock (default the real one). */
  receivedAtMs?: () => number;
  appUrl?: string;
}

export interface RecordedSubscriptionWebhook {
  received: true;
  event_type: string;
  /** `queued` (recorded, its job added), `duplicate` (this event was recorded before), `ignored` (a type Khata does not act on). */
  outcome: "queued" | "duplicate" | "ignored";
}

/**
 * What makes two deliveries the same event: the signed content, not the timestamp or signature (a redelivery
 * has new ones). A payment's later status is a new event.
 */
export function subscriptionEventKey(event: SubscriptionWebhookEvent): string {
  if (event.type === "SUBSCRIPTION_STATUS_CHANGED") {
    const d = event.data.subscription_details;
    return `${event.type}:${d.subscription_id}:${d.subscription_status}`;
  }
  return `${event.type}:${event.data.subscription_id}:${event.data.payment_id}:${event.data.payment_status}`;
}

/**
 * POST /api/v1/subscriptions/webhook: the durable inbox, as for payment webhooks (lib/orders/handle-webhook.ts).
 * The raw body is verified (signature, replay window) before anything is parsed; a verified event is recorded
 * under its unique key AND its `apply-subscription-webhook` job added by ONE statement, then acknowledged. A copy
 * hits the key, adds no job and is a duplicate. The job applies it (applySubscriptionWebhookEvent).
 */
export async function recordSubscriptionWebhook(deps: InboxDeps, input: { rawBody: string; headers: Headers }): Promise<RecordedSubscriptionWebhook> {
  const verdict = verifySubscriptionWebhook({
    rawBody: input.rawBody,
    headers: input.headers,
    secret: deps.secret ?? getEnv().CASHFREE_CLIENT_SECRET,
    now: deps.receivedAtMs ? deps.receivedAtMs() : Date.now(),
  });
  if (!verdict.ok) {
    if (verdict.reason === "ignored_type") return { received: true, event_type: "ignored", outcome: "ignored" };
    throw new AppError("invalid_signature", "Webhook signature verification failed.", { details: { reason: verdict.reason } });
  }
  const { event } = verdict;
  const now = deps.now ? deps.now() : new Date();
  const subscriptionId = event.type === "SUBSCRIPTION_STATUS_CHANGED" ? event.data.subscription_details.subscription_id : event.data.subscription_id;
  const paymentId = event.type === "SUBSCRIPTION_STATUS_CHANGED" ? null : event.data.payment_id;
  const result = await deps.db.execute(sql`
    with recorded as (
      insert into ${subscriptionWebhookEvents} (event_key, event_type, subscription_id, payment_id, payload, created_at)
      values (${subscriptionEventKey(event)}, ${event.type}, ${subscriptionId}, ${paymentId}, ${input.rawBody}::jsonb, ${now.toISOString()}::timestamptz)
      on conflict (event_key) do nothing
      returning id
    )
    select recorded.id::text as id from recorded, lateral graphile_worker.add_job(
      identifier => 'apply-subscription-webhook',
      payload => json_build_object('eventId', recorded.id::text),
      max_attempts => ${APPLY_SUBSCRIPTION_EVENT_MAX_ATTEMPTS}::int
    ) as job`);
  const duplicate = rowsOf<{ id: string }>(result).length === 0;
  return { received: true, event_type: event.type, outcome: duplicate ? "duplicate" : "queued" };
}

/**
 * The `apply-subscription-webhook` job: applies one recorded event in one transaction (dunning-aware:
 * applyRenewalEvent), the event row locked, so a second worker waits and then finds it applied. A failure rolls
 * back, is counted on the row and thrown (the runner retries with backoff). Returns the outcome.
 */
export async function applySubscriptionWebhookEvent(deps: Omit<InboxDeps, "secret" | "receivedAtMs">, eventId: string): Promise<string> {
  const now = deps.now ? deps.now() : new Date();
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(subscriptionWebhookEvents).where(eq(subscriptionWebhookEvents.id, BigInt(eventId))).for("update");
      if (!row) return "unknown_event";
      if (row.appliedAt) return row.outcome ?? "";
      const event = parseSubscriptionWebhookEvent(row.payload);
      const outcome = event ? await applyRenewalEvent(tx, event, { now, appUrl: deps.appUrl }) : "unparseable";
      await tx.update(subscriptionWebhookEvents).set({ appliedAt: now, outcome }).where(eq(subscriptionWebhookEvents.id, row.id));
      log.info("subscription webhook applied", { type: row.eventType, outcome });
      return outcome;
    });
  } catch (error) {
    const message = (error instanceof Error ? `${error.cause instanceof Error ? `${error.cause.message}; ` : ""}${error.message}` : String(error)).slice(0, 2000);
    await deps.db
      .update(subscriptionWebhookEvents)
      .set({ applyAttempts: sql`${subscriptionWebhookEvents.applyAttempts} + 1`, lastError: message })
      .where(eq(subscriptionWebhookEvents.id, BigInt(eventId)));
    throw error;
  }
}

/** The sweep (in the dunning cron): events recorded a while ago and still not applied, oldest first. */
export async function applyPendingSubscriptionWebhooks(deps: Omit<InboxDeps, "secret" | "receivedAtMs">): Promise<{ applied: number; failed: number }> {
  const now = deps.now ? deps.now() : new Date();
  const due = await deps.db
    .select({ id: subscriptionWebhookEvents.id })
    .from(subscriptionWebhookEvents)
    .where(
      and(
        isNull(subscriptionWebhookEvents.appliedAt),
        lt(subscriptionWebhookEvents.receivedAt, new Date(now.getTime() - SUBSCRIPTION_INBOX_SWEEP_AFTER_MS)),
        lt(subscriptionWebhookEvents.applyAttempts, APPLY_SUBSCRIPTION_EVENT_MAX_ATTEMPTS),
      ),
    )
    .orderBy(asc(subscriptionWebhookEvents.receivedAt), asc(subscriptionWebhookEvents.id))
    .limit(100);
  const totals = { applied: 0, failed: 0 };
  for (const { id } of due) {
    try {
      await applySubscriptionWebhookEvent(deps, id.toString());
      totals.applied++;
    } catch (error) {
      log.warn("subscription webhook still not applied", { eventId: id.toString(), error: error instanceof Error ? error.message : String(error) });
      totals.failed++;
    }
  }
  return totals;
}
