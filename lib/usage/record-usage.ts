import { sql } from "drizzle-orm";
import { apiKeyGateParam, keyedCallOf, type GateAnswer, type KeyedCall, type PresentedKey } from "@/lib/api-keys/api-key-gate";
import { fromConsumeAnswer, sqlAnswer, type ConsumeAnswer, type ConsumeResult } from "@/lib/credits/consume-credits";
import { DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS } from "@/lib/credits/low-balance";
import type { Executor } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { istMonthKey } from "@/lib/money/ist";
import type { UsageEventInput } from "./schemas";
import { toRefusal } from "./usage-refusal";

export interface RecordUsageInput {
  accountId: string;
  apiKeyId: string | null;
  event: UsageEventInput;
  now?: Date;
}

/** The ids and time of the events a usage call may cause (`credits.low`, `budget.exceeded`), prepared here. */
export function usageEventsParam(now: Date): string {
  return JSON.stringify({
    low_id: newId("evt"),
    budget_id: newId("evt"),
    timestamp: now.toISOString(),
    default_threshold: DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS.toString(),
  });
}

type UsageAnswer = ConsumeAnswer & { budget_event_error?: string };

function fromUsageAnswer(answer: UsageAnswer, input: { accountId: string; apiKeyId: string | null; event: UsageEventInput; month: string }) {
  if (answer.budget_event_error) {
    // Best effort: the refusal stands even if the notification cannot be written.
    log.warn("budget.exceeded event not written", { accountId: input.accountId, err: answer.budget_event_error });
  }
  const result = fromConsumeAnswer(answer, { amountCredits: BigInt(input.event.credits), idempotencyKey: input.event.event_id, month: input.month });
  if (result instanceof AppError && (result.code === "budget_exceeded" || result.code === "insufficient_balance")) return toRefusal(result, input.event.event_id);
  return result;
}

const usageArgs = (event: UsageEventInput, month: string) =>
  sql`${event.event_id}, ${event.credits}::bigint, ${event.description ?? null}, ${event.metadata === undefined ? null : JSON.stringify(event.metadata)}::jsonb, ${month}`;

/**
 * Consumes credits for one billable event, with the caller's event_id as the idempotency key, in ONE statement
 * (`khata_record_usage`: the rule, `credits.low` on crossing the threshold, `budget.exceeded` on a cap refusal).
 * A repeat returns the first result with `replayed: true` and consumes nothing. Refusals throw AppError 402
 * (`insufficient_balance` / `budget_exceeded`) with {balance, cap, used, remaining} and consume nothing.
 */
export async function recordUsage(db: Executor, input: RecordUsageInput): Promise<ConsumeResult> {
  const now = input.now ?? new Date();
  const month = istMonthKey(now);
  const answer = await sqlAnswer<UsageAnswer>(
    db,
    sql`select khata_record_usage(${input.accountId}, ${input.apiKeyId}, ${usageArgs(input.event, month)}, ${usageEventsParam(now)}::jsonb) as r`,
  );
  const result = fromUsageAnswer(answer, { ...input, month });
  if (result instanceof AppError) throw result;
  return result;
}

/**
 * recordUsage for a caller presenting an API key, in ONE statement (`khata_record_usage_with_key`): the key by its
 * hash (revoked keys fail at once), its per-minute limit, then the event. Refusals come back as values, so the
 * route answers them with the same codes, messages and headers as the separate steps would.
 */
export async function recordUsageWithApiKey(db: Executor, input: PresentedKey & { event: UsageEventInput; now?: Date }): Promise<KeyedCall<ConsumeResult>> {
  const now = input.now ?? new Date();
  const month = istMonthKey(now);
  const answer = await sqlAnswer<GateAnswer & { usage?: UsageAnswer }>(
    db,
    sql`select khata_record_usage_with_key(${apiKeyGateParam(input)}::jsonb, ${usageArgs(input.event, month)}, ${usageEventsParam(now)}::jsonb) as r`,
  );
  return keyedCallOf(answer, input, (actor) => fromUsageAnswer(answer.usage!, { accountId: actor.accountId, apiKeyId: actor.apiKeyId, event: input.event, month }));
}
