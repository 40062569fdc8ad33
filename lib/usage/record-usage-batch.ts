import { sql } from "drizzle-orm";
import { apiKeyGateParam, keyedCallOf, type GateAnswer, type KeyedCall, type PresentedKey } from "@/lib/api-keys/api-key-gate";
import { fromConsumeAnswer, sqlAnswer, type ConsumeAnswer, type ConsumeResult } from "@/lib/credits/consume-credits";
import type { Executor } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { istMonthKey } from "@/lib/money/ist";
import { usageEventsParam } from "./record-usage";
import type { UsageEventInput } from "./schemas";
import { toRefusal, type RefusalDetails } from "./usage-refusal";

export type BatchItem = { kind: "consumed"; result: ConsumeResult } | { kind: "refused"; eventId: string; refusal: AppError & { details: RefusalDetails } };

export interface BatchResult {
  items: BatchItem[];
  summary: { consumed: number; replayed: number; refused: number; consumedCredits: bigint };
  balanceCredits: bigint;
}

type BatchAnswer = { outcome: "no_account" } | { outcome: "done"; items: ConsumeAnswer[]; balance: string };

function fromBatchAnswer(answer: BatchAnswer, events: UsageEventInput[], month: string): BatchResult | AppError {
  if (answer.outcome === "no_account") return notFound("Account");
  const items: BatchItem[] = [];
  const summary = { consumed: 0, replayed: 0, refused: 0, consumedCredits: 0n };
  answer.items.forEach((itemAnswer, i) => {
    const event = events[i]!;
    const result = fromConsumeAnswer(itemAnswer, { amountCredits: BigInt(event.credits), idempotencyKey: event.event_id, month });
    if (result instanceof AppError) {
      summary.refused++;
      items.push({ kind: "refused", eventId: event.event_id, refusal: toRefusal(result, event.event_id) });
      return;
    }
    if (result.replayed) summary.replayed++;
    else {
      summary.consumed++;
      summary.consumedCredits += result.consumedCredits;
    }
    items.push({ kind: "consumed", result });
  });
  return { items, summary, balanceCredits: BigInt(answer.balance) };
}

const itemsParam = (events: UsageEventInput[]) =>
  JSON.stringify(events.map((e) => ({ event_id: e.event_id, credits: e.credits, description: e.description ?? null, metadata: e.metadata ?? null })));

/**
 * Up to 1,000 events in order, in ONE statement (`khata_record_usage_batch`) holding the account's row lock:
 * - each event is judged on its own (idempotent per event_id; a repeat, even within the batch, is a replay);
 * - a refused event (402) consumes nothing and does not stop the others; later, smaller events may still fit;
 * - the batch commits as a whole, so a crash or timeout leaves nothing half-applied, and a retry of the same
 *   batch replays what was consumed.
 * The account is locked for the batch's duration, which serialises it with the account's other consumptions.
 */
export async function recordUsageBatch(
  db: Executor,
  input: { accountId: string; apiKeyId: string | null; events: UsageEventInput[]; now?: Date },
): Promise<BatchResult> {
  const now = input.now ?? new Date();
  const month = istMonthKey(now);
  const answer = await sqlAnswer<BatchAnswer>(
    db,
    sql`select khata_record_usage_batch(${input.accountId}, ${input.apiKeyId}, ${itemsParam(input.events)}::jsonb, ${month}, ${usageEventsParam(now)}::jsonb) as r`,
  );
  const result = fromBatchAnswer(answer, input.events, month);
  if (result instanceof AppError) throw result;
  return result;
}

/** recordUsageBatch for a caller presenting an API key, gate included, in ONE statement (see recordUsageWithApiKey). */
export async function recordUsageBatchWithApiKey(
  db: Executor,
  input: PresentedKey & { events: UsageEventInput[]; now?: Date },
): Promise<KeyedCall<BatchResult>> {
  const now = input.now ?? new Date();
  const month = istMonthKey(now);
  const answer = await sqlAnswer<GateAnswer & { batch?: BatchAnswer }>(
    db,
    sql`select khata_record_usage_batch_with_key(${apiKeyGateParam(input)}::jsonb, ${itemsParam(input.events)}::jsonb, ${month}, ${usageEventsParam(now)}::jsonb) as r`,
  );
  return keyedCallOf(answer, input, () => fromBatchAnswer(answer.batch!, input.events, month));
}
