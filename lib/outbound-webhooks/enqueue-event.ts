import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { outboxEvents } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { toJsonValue } from "@/lib/json";
import { enqueueFanOut } from "./delivery-jobs";
import type { WebhookEventType } from "./event-types";

/**
 * The event-specific part of a payload, in seed 001's sample shape: `amount` (rupees; 1 credit = ₹1),
 * `currency` ("INR"), `status`, optional `order_id`, plus any extra fields. `id`, `event`, `account_id` and
 * `timestamp` are filled in here.
 */
export interface EventPayloadFields {
  amount: number | string | bigint;
  currency: string;
  status: string;
  order_id?: string;
  timestamp?: string;
  [field: string]: unknown;
}

export interface EnqueueEventInput {
  accountId: string;
  type: WebhookEventType;
  /** Names the cause (`payment:cm_…`, `credits.low:acc_…:<ledger id>`): one event per cause, ever. */
  causeKey: string;
  payload: EventPayloadFields;
  now?: Date;
}

export interface EnqueuedEvent {
  id: string;
  /** False when an event with this cause key already existed (nothing new was written). */
  created: boolean;
}


export interface OutboxRow {
  id: string;
  accountId: string;
  eventType: WebhookEventType;
  causeKey: string;
  payload: Record<string, unknown>;
}

/** The outbox row for an event (id, full payload), for callers that insert it inside a larger statement. */
export function outboxRow(input: EnqueueEventInput): OutboxRow {
  const id = newId("evt");
  const { timestamp, ...fields } = input.payload;
  const payload = toJsonValue({
    id,
    event: input.type,
    account_id: input.accountId,
    ...fields,
    timestamp: timestamp ?? (input.now ?? new Date()).toISOString(),
  }) as Record<string, unknown>;
  return { id, accountId: input.accountId, eventType: input.type, causeKey: input.causeKey, payload };
}

/**
 * Writes an event to the outbox INSIDE THE CALLER'S TRANSACTION, with the job that fans it out to the account's
 * subscribed endpoints, so both exist exactly when the change that caused them commits. A repeated cause key
 * writes nothing. Each delivery is then a `deliver-webhook` job, delivered at least once (docs/WEBHOOKS.md).
 */
export async function enqueueEvent(tx: Executor, input: EnqueueEventInput): Promise<EnqueuedEvent> {
  const row = outboxRow(input);
  if (await insertOutboxRow(tx, row)) return { id: row.id, created: true };
  const rows = await tx
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(sql`${outboxEvents.causeKey} = ${input.causeKey}`)
    .limit(1);
  return { id: rows[0]?.id ?? row.id, created: false };
}

/** Inserts a prepared outbox row and queues its fan-out; false (nothing written) when its cause key exists. */
export async function insertOutboxRow(tx: Executor, row: OutboxRow): Promise<boolean> {
  const inserted = await tx
    .insert(outboxEvents)
    .values(row)
    .onConflictDoNothing({ target: outboxEvents.causeKey })
    .returning({ id: outboxEvents.id });
  if (inserted.length === 0) return false;
  await enqueueFanOut(tx, row.id);
  return true;
}
