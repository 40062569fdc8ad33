import { eq } from "drizzle-orm";
import { consumeCreditsInTx, type ConsumeResult } from "@/lib/credits/consume-credits";
import type { Db } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { notFound, type AppError } from "@/lib/errors";
import type { UsageEventInput } from "./schemas";
import { enqueueBudgetExceeded, maybeEnqueueCreditsLow } from "./usage-events";
import { isRefusal, toRefusal, type RefusalDetails } from "./usage-refusal";

export type BatchItem = { kind: "consumed"; result: ConsumeResult } | { kind: "refused"; eventId: string; refusal: AppError & { details: RefusalDetails } };

export interface BatchResult {
  items: BatchItem[];
  summary: { consumed: number; replayed: number; refused: number; consumedCredits: bigint };
  balanceCredits: bigint;
}

/**
 * Up to 1,000 events in order, in ONE transaction holding the account's row lock:
 * - each event is judged on its own (idempotent per event_id; a repeat, even within the batch, is a replay);
 * - a refused event (402) consumes nothing and does not stop the others; later, smaller events may still fit;
 * - the batch commits as a whole, so a crash or timeout leaves nothing half-applied, and a retry of the same
 *   batch replays what was consumed.
 * The account is locked for the batch's duration, which serialises it with the account's other consumptions.
 */
export async function recordUsageBatch(
  db: Db,
  input: { accountId: string; apiKeyId: string | null; events: UsageEventInput[]; now?: Date },
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select({ threshold: accounts.lowBalanceThresholdCredits })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .for("update");
    if (!account) throw notFound("Account");

    const items: BatchItem[] = [];
    const summary = { consumed: 0, replayed: 0, refused: 0, consumedCredits: 0n };
    let budgetRefusal: RefusalDetails | null = null;
    for (const event of input.events) {
      try {
        // consumeCreditsInTx reads before it writes and throws refusals before any write, so catching one
        // leaves the transaction healthy.
        const consumed = await consumeCreditsInTx(tx, {
          accountId: input.accountId,
          amountCredits: BigInt(event.credits),
          idempotencyKey: event.event_id,
          apiKeyId: input.apiKeyId,
          description: event.description,
          metadata: event.metadata,
          now: input.now,
        });
        if (consumed.replayed) summary.replayed++;
        else {
          summary.consumed++;
          summary.consumedCredits += consumed.consumedCredits;
          await maybeEnqueueCreditsLow(tx, { accountId: input.accountId, apiKeyId: input.apiKeyId, threshold: account.threshold, result: consumed });
        }
        items.push({ kind: "consumed", result: consumed });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const refusal = toRefusal(error, event.event_id);
        if (refusal.code === "budget_exceeded") budgetRefusal ??= refusal.details;
        summary.refused++;
        items.push({ kind: "refused", eventId: event.event_id, refusal });
      }
    }
    if (budgetRefusal) await enqueueBudgetExceeded(tx, { accountId: input.accountId, apiKeyId: input.apiKeyId, details: budgetRefusal });
    const [after] = await tx.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, input.accountId));
    return { items, summary, balanceCredits: after!.balance };
  });
}
