import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { merchantOrderIdOf, verifyWebhook, type CashfreeWebhookEvent, type VerifyWebhookInput } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { webhookEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { LANE_JOB_KEY_PREFIX, SETTLE_JOB_MAX_ATTEMPTS, SETTLE_LANES } from "./settle-webhook-events";
import { rowsOf } from "@/lib/db/rows";

export interface WebhookDeps {
  db: Db;
  /** Cashfree signs webhooks with the client secret; defaults to CASHFREE_CLIENT_SECRET. */
  secret?: string;
  /** Defaults to CASHFREE_WEBHOOK_TOLERANCE_MS. */
  toleranceMs?: number;
  now?: () => Date;
}

export interface WebhookInput {
  /** The body exactly as received. */
  rawBody: string;
  headers: VerifyWebhookInput["headers"];
}

export interface WebhookResult {
  received: true;
  /** This event was already recorded (a redelivery or a concurrent copy): acknowledged, nothing done. */
  duplicate: boolean;
  event_type: string;
  /** `queued` (recorded, its settlement job added), `duplicate`, or `unparseable` (kept for an operator). */
  outcome: "queued" | "duplicate" | "unparseable";
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * What makes two deliveries the same event. Cashfree redelivers one event with the same bytes and the same
 * x-idempotency-key but a new timestamp and signature, so neither of those can be in the key. For payments the
 * key is built from the signed content — (type, order, cf_payment_id, payment_status) — which also catches a
 * resend with a different idempotency key; a later status of the same payment (PENDING → SUCCESS) is a new event.
 */
export function webhookEventKey(event: CashfreeWebhookEvent, meta: { idempotencyKey: string | null }, rawBody: string): string {
  switch (event.kind) {
    case "payment":
      return `${event.type}:${event.data.order.order_id}:${event.data.payment.cf_payment_id}:${event.data.payment.payment_status}`;
    case "refund":
      return `${event.type}:${event.data.order_id}:${event.data.cf_refund_id}:${event.data.refund_status}`;
    case "dispute":
      return `${event.type}:${event.data.dispute.dispute_id}:${event.data.dispute.dispute_status}:${event.data.dispute.updated_at ?? ""}`;
    case "payment_link":
      return `${event.type}:${event.data.link_id}:${event.data.link_status}:${event.data.order?.transaction_id ?? ""}`;
    case "unknown":
      return `${event.type}:${meta.idempotencyKey ?? sha256(rawBody)}`;
  }
}

/** Khata's order the event is about (a payment link's id is its order's id). */
function orderIdOf(event: CashfreeWebhookEvent): string | null {
  if (event.kind === "payment") return merchantOrderIdOf(event.data.order);
  if (event.kind === "payment_link") return event.data.link_id;
  if (event.kind === "refund") return event.data.order_id;
  if (event.kind === "dispute") return event.data.order_details.order_id;
  return null;
}

function parseLoosely(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return { unparseable_body: rawBody.slice(0, 10_000) };
  }
}

/**
 * POST /api/v1/payments/webhook: a durable inbox. An invalid or stale signature → 401 and nothing written. A
 * verified event is recorded under its unique event key AND its lane's settlement job is added or updated, by ONE
 * statement (no transaction, no other round trip), then acknowledged: the lane's `settle-webhook-events` job
 * settles it moments later (lib/orders/settle-webhook-events.ts, settleLane). The job is keyed per lane
 * (`settle-webhook-events:<id % SETTLE_LANES>`, job_key_mode preserve_run_at): while the lane's job is pending, the
 * event only updates it (payload = the latest event; no new job, run_at kept); if that job is already running
 * (locked), graphile-worker's add_job un-keys it and inserts a new pending one, so an event recorded after a
 * drain's last claim still has a job to come. A copy (redelivery, concurrent duplicate) hits the unique key, adds
 * no job and is acknowledged as a duplicate. A crash before the statement commits leaves nothing, and Cashfree's
 * retry records it again; after the commit the event and a pending job of its lane exist together.
 */
export async function handleWebhook(deps: WebhookDeps, input: WebhookInput): Promise<WebhookResult> {
  const env = getEnv();
  const verified = verifyWebhook({
    rawBody: input.rawBody,
    headers: input.headers,
    secret: deps.secret ?? env.CASHFREE_CLIENT_SECRET,
    toleranceMs: deps.toleranceMs ?? env.CASHFREE_WEBHOOK_TOLERANCE_MS,
    now: deps.now ? deps.now().getTime() : undefined,
  });
  const now = deps.now ? deps.now() : new Date();

  if (!verified.ok) {
    if (verified.reason !== "bad_payload") {
      throw new AppError("invalid_signature", "Webhook signature verification failed.", { details: { reason: verified.reason } });
    }
    // Signed by Cashfree but not a shape we understand: kept (settled, nothing to do) for an operator and
    // acknowledged, since a retry would not help.
    const payload = parseLoosely(input.rawBody);
    const type = (payload as { type?: unknown } | null)?.type;
    const eventType = typeof type === "string" ? type : "unparseable";
    const inserted = await deps.db
      .insert(webhookEvents)
      .values({ eventKey: `unparseable:${sha256(input.rawBody)}`, eventType, outcome: "unparseable", payload, receivedAt: now, settledAt: now })
      .onConflictDoNothing({ target: webhookEvents.eventKey })
      .returning({ id: webhookEvents.id });
    log.error("signed cashfree webhook with an unexpected shape", { eventType });
    return { received: true, duplicate: inserted.length === 0, event_type: eventType, outcome: "unparseable" };
  }

  const { event, meta } = verified;
  const payment =
    event.kind === "payment"
      ? event.data.payment
      : event.kind === "payment_link" && event.data.order?.transaction_id
        ? { cf_payment_id: event.data.order.transaction_id, payment_status: event.data.order.transaction_status ?? null }
        : null;
  // verifyWebhook parsed the body, so it is valid JSON: stored as sent.
  const result = await deps.db.execute(sql`
    with recorded as (
      insert into ${webhookEvents} (event_key, event_type, order_id, cf_payment_id, payment_status, payload, created_at)
      values (${webhookEventKey(event, meta, input.rawBody)}, ${event.type}, ${orderIdOf(event)}, ${payment?.cf_payment_id ?? null},
              ${payment?.payment_status ?? null}, ${input.rawBody}::jsonb, ${now.toISOString()}::timestamptz)
      on conflict (event_key) do nothing
      returning id
    )
    select recorded.id::text as id from recorded, lateral graphile_worker.add_job(
      identifier => 'settle-webhook-events',
      payload => json_build_object('eventId', recorded.id::text, 'lane', recorded.id % ${SETTLE_LANES}::int),
      max_attempts => ${SETTLE_JOB_MAX_ATTEMPTS}::int,
      job_key => ${LANE_JOB_KEY_PREFIX}::text || (recorded.id % ${SETTLE_LANES}::int),
      job_key_mode => 'preserve_run_at'
    ) as job`);
  const rows = rowsOf<{ id: string }>(result);
  const duplicate = rows.length === 0;
  return { received: true, duplicate, event_type: event.type, outcome: duplicate ? "duplicate" : "queued" };
}
