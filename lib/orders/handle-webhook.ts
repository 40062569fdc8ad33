import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { verifyWebhook, type CashfreeWebhookEvent, type VerifyWebhookInput } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import type { Db, Tx } from "@/lib/db";
import { orders, webhookEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { settleOrderInTx } from "./settle-order";

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
  /** This event was already processed (a redelivery or a concurrent copy): acknowledged, nothing done. */
  duplicate: boolean;
  event_type: string;
  outcome: string;
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
    case "unknown":
      return `${event.type}:${meta.idempotencyKey ?? sha256(rawBody)}`;
  }
}

function orderIdOf(event: CashfreeWebhookEvent): string | null {
  if (event.kind === "payment") return event.data.order.order_id;
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
 * POST /api/v1/payments/webhook. An invalid or stale signature → 401 and nothing written. A valid event is
 * recorded once (unique event key) and processed in the same transaction, so a crash mid-way leaves no record
 * and Cashfree's retry processes it again; a copy arriving while the first is being processed waits on the
 * unique key and is then acknowledged as a duplicate. Unknown orders and event types are recorded and acknowledged.
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
    // Signed by Cashfree but not a shape we understand: keep it for an operator and acknowledge (a retry would not help).
    const payload = parseLoosely(input.rawBody);
    const type = (payload as { type?: unknown } | null)?.type;
    const eventType = typeof type === "string" ? type : "unparseable";
    const inserted = await deps.db
      .insert(webhookEvents)
      .values({ eventKey: `unparseable:${sha256(input.rawBody)}`, eventType, outcome: "unparseable", payload, receivedAt: now })
      .onConflictDoNothing({ target: webhookEvents.eventKey })
      .returning({ id: webhookEvents.id });
    log.error("signed cashfree webhook with an unexpected shape", { eventType });
    return { received: true, duplicate: inserted.length === 0, event_type: eventType, outcome: "unparseable" };
  }

  const { event, meta } = verified;
  const eventKey = webhookEventKey(event, meta, input.rawBody);
  const orderId = orderIdOf(event);
  const result = await deps.db.transaction(async (tx) => {
    const [recorded] = await tx
      .insert(webhookEvents)
      .values({
        eventKey,
        eventType: event.type,
        orderId,
        cfPaymentId: event.kind === "payment" ? event.data.payment.cf_payment_id : null,
        paymentStatus: event.kind === "payment" ? event.data.payment.payment_status : null,
        payload: parseLoosely(input.rawBody),
        receivedAt: now,
      })
      .onConflictDoNothing({ target: webhookEvents.eventKey })
      .returning({ id: webhookEvents.id });
    if (!recorded) return { received: true as const, duplicate: true, event_type: event.type, outcome: "duplicate", id: null };

    const outcome = await process(tx, event, now);
    return { received: true as const, duplicate: false, event_type: event.type, outcome, id: recorded.id };
  });
  // The outcome is informational, so it is written after the commit: settlement ends with the invoice number,
  // whose counter lock must be held as briefly as possible (docs/BENCHMARKS.md).
  if (result.id !== null) await deps.db.update(webhookEvents).set({ outcome: result.outcome }).where(eq(webhookEvents.id, result.id));
  const { id: _id, ...answer } = result;
  return answer;
}

async function process(tx: Tx, event: CashfreeWebhookEvent, now: Date): Promise<string> {
  switch (event.kind) {
    case "payment": {
      const { order, payment } = event.data;
      const result = await settleOrderInTx(tx, {
        orderId: order.order_id,
        payment: {
          cfPaymentId: payment.cf_payment_id,
          status: payment.payment_status,
          amount: payment.payment_amount,
          currency: payment.payment_currency,
        },
        now,
      });
      if (result.outcome === "unknown_order") log.warn("webhook for an unknown order", { orderId: order.order_id });
      return result.outcome;
    }
    case "dispute": {
      const { dispute, order_details: details } = event.data;
      const reason = `dispute: ${dispute.dispute_id} ${dispute.dispute_type} ${dispute.dispute_status}`;
      const [order] = await tx
        .select({ id: orders.id, accountId: orders.accountId, reviewReason: orders.reviewReason })
        .from(orders)
        .where(eq(orders.id, details.order_id))
        .for("update");
      if (!order) return "unknown_order";
      await tx
        .update(orders)
        .set({
          flaggedForReview: true,
          reviewReason: order.reviewReason ? `${order.reviewReason}; ${reason}` : reason,
          updatedAt: now,
        })
        .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId)));
      return "order_flagged";
    }
    case "refund":
      // Refunds are started by operators in the Cashfree dashboard for now; the event is kept for the record.
      return "recorded";
    case "unknown":
      return "ignored_type";
  }
}
