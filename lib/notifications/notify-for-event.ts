import { and, eq, inArray } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { orders, outboxEvents } from "@/lib/db/schema";
import { notifyAccount } from "./notify-account";

/**
 * The people's side of an outbox event (its `fan-out-webhook-event` job calls this after the endpoints' side):
 * `credits.low` (written once per crossing of the threshold, by the usage statement), `payment.failed` and
 * `user.suspended` become mails. Idempotent: the dedupe key is the event's id, itself unique per cause. Other
 * events mail nothing here: invoices are mailed by their render job (the PDF must exist first), caps by the sweeper.
 */
/** The outbox event types that mail someone (notifyForOutboxEvent); the others are for endpoints only. */
export const NOTIFYING_EVENT_TYPES = ["credits.low", "payment.failed", "user.suspended"] as const;

/**
 * notifyForOutboxEvent for a batch's events: one read finds the few that mail anyone (a settlement batch's
 * invoice.created and payment.completed mail nothing here), then each of those in its own transaction.
 */
export async function notifyForOutboxEvents(db: Db, eventIds: string[]): Promise<{ emails: number }> {
  if (eventIds.length === 0) return { emails: 0 };
  const notifying = await db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(and(inArray(outboxEvents.id, eventIds), inArray(outboxEvents.eventType, [...NOTIFYING_EVENT_TYPES])));
  let emails = 0;
  for (const { id } of notifying) emails += (await notifyForOutboxEvent(db, id)).emails;
  return { emails };
}

export async function notifyForOutboxEvent(db: Db, eventId: string): Promise<{ emails: number }> {
  return db.transaction(async (tx) => {
    const [event] = await tx.select().from(outboxEvents).where(eq(outboxEvents.id, eventId));
    if (!event) return { emails: 0 };
    const p = event.payload as Record<string, unknown>;
    const appUrl = getEnv().APP_URL;
    const at = typeof p.timestamp === "string" ? p.timestamp : event.createdAt.toISOString();
    const base = { accountId: event.accountId, dedupeKey: `${event.eventType}:${event.id}` };
    let ids: string[] = [];
    if (event.eventType === "credits.low" && isCount(p.balance_credits) && isCount(p.threshold_credits)) {
      ids = await notifyAccount(tx, {
        ...base,
        kind: "low-balance",
        data: { balanceCredits: String(p.balance_credits), thresholdCredits: String(p.threshold_credits), url: `${appUrl}/billing/top-up` },
      });
    } else if (event.eventType === "payment.failed" && typeof p.order_id === "string") {
      const [order] = await tx
        .select({ id: orders.id, amountPaise: orders.amountPaise })
        .from(orders)
        .where(and(eq(orders.id, p.order_id), eq(orders.accountId, event.accountId)));
      if (order) {
        ids = await notifyAccount(tx, {
          ...base,
          kind: "payment-failed",
          data: { orderId: order.id, amountPaise: order.amountPaise.toString(), failedAt: at, retryUrl: `${appUrl}/billing/return?order_id=${encodeURIComponent(order.id)}` },
        });
      }
    } else if (event.eventType === "user.suspended") {
      ids = await notifyAccount(tx, {
        ...base,
        kind: "account-suspended",
        data: { reason: String(p.reason ?? "see the dashboard"), suspendedAt: at, url: `${appUrl}/billing` },
      });
    }
    return { emails: ids.length };
  });
}

/** A credit count as the usage statement writes it (a JSON number, or a string for big ones). */
const isCount = (v: unknown): v is number | string => (typeof v === "number" && Number.isSafeInteger(v)) || (typeof v === "string" && /^\d+$/.test(v));
