import { consumeCreditsInTx, type ConsumeResult } from "@/lib/credits/consume-credits";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import type { UsageEventInput } from "./schemas";
import { enqueueBudgetExceeded, lowBalanceThreshold, maybeEnqueueCreditsLow } from "./usage-events";
import { isRefusal, toRefusal } from "./usage-refusal";

export interface RecordUsageInput {
  accountId: string;
  apiKeyId: string | null;
  event: UsageEventInput;
  now?: Date;
}

/**
 * Consumes credits for one billable event, with the caller's event_id as the idempotency key. A repeat returns
 * the first result with `replayed: true` and consumes nothing. Refusals throw AppError 402
 * (`insufficient_balance` / `budget_exceeded`) with {balance, cap, used, remaining} and consume nothing.
 */
export async function recordUsage(db: Db, input: RecordUsageInput): Promise<ConsumeResult> {
  try {
    return await db.transaction(async (tx) => {
      const consumed = await consumeCreditsInTx(tx, {
        accountId: input.accountId,
        amountCredits: BigInt(input.event.credits),
        idempotencyKey: input.event.event_id,
        apiKeyId: input.apiKeyId,
        description: input.event.description,
        metadata: input.event.metadata,
        now: input.now,
      });
      if (!consumed.replayed) {
        const threshold = await lowBalanceThreshold(tx, input.accountId);
        await maybeEnqueueCreditsLow(tx, { accountId: input.accountId, apiKeyId: input.apiKeyId, threshold, result: consumed });
      }
      return consumed;
    });
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const refusal = toRefusal(error, input.event.event_id);
    if (refusal.code === "budget_exceeded") {
      // Best effort: the refusal stands even if the notification cannot be written.
      await enqueueBudgetExceeded(db, { accountId: input.accountId, apiKeyId: input.apiKeyId, details: refusal.details }).catch((e: unknown) =>
        log.warn("budget.exceeded event not written", { accountId: input.accountId, err: e }),
      );
    }
    throw refusal;
  }
}
