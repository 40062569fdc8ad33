import { eq } from "drizzle-orm";
import type { ConsumeResult } from "@/lib/credits/consume-credits";
import { crossedLowBalance, effectiveLowBalanceThreshold } from "@/lib/credits/low-balance";
import type { Executor, Tx } from "@/lib/db";
import { accounts } from "@/lib/db/schema";
import { enqueueEvent } from "@/lib/outbound-webhooks/enqueue-event";
import type { RefusalDetails } from "./usage-refusal";

/** The account's own threshold; null = the default. */
export async function lowBalanceThreshold(tx: Tx, accountId: string): Promise<bigint | null> {
  const [row] = await tx.select({ t: accounts.lowBalanceThresholdCredits }).from(accounts).where(eq(accounts.id, accountId));
  return row?.t ?? null;
}

/**
 * `credits.low` when this consumption took the balance from above the account's threshold (or the default one)
 * to at or below it.
 * One event per crossing (the cause is the ledger entry), written in the consuming transaction.
 */
export async function maybeEnqueueCreditsLow(
  tx: Tx,
  input: { accountId: string; apiKeyId: string | null; threshold: bigint | null; result: ConsumeResult },
): Promise<void> {
  const { result } = input;
  if (result.replayed) return;
  const after = result.balanceCredits;
  if (!crossedLowBalance({ beforeCredits: after + result.consumedCredits, afterCredits: after, configuredCredits: input.threshold })) return;
  await enqueueEvent(tx, {
    accountId: input.accountId,
    type: "credits.low",
    causeKey: `credits.low:${input.accountId}:${result.ledgerEntryId}`,
    payload: {
      amount: after,
      currency: "INR",
      status: "low",
      balance_credits: after,
      threshold_credits: effectiveLowBalanceThreshold(input.threshold),
      api_key_id: input.apiKeyId,
      usage_event_id: result.eventId,
    },
  });
}

/**
 * `budget.exceeded` when a consumption is refused for the monthly cap. A refusal changes nothing, so there is
 * no causing transaction to share: the event is written on its own (or in the batch's transaction). One event
 * per account, month and cap value, however many calls are refused.
 */
export async function enqueueBudgetExceeded(
  db: Executor,
  input: { accountId: string; apiKeyId: string | null; details: RefusalDetails },
): Promise<void> {
  const d = input.details;
  await enqueueEvent(db, {
    accountId: input.accountId,
    type: "budget.exceeded",
    causeKey: `budget.exceeded:${input.accountId}:${d.month}:${d.cap ?? "none"}`,
    payload: {
      amount: d.requested,
      currency: "INR",
      status: "refused",
      month: d.month,
      cap_credits: d.cap,
      used_credits: d.used,
      balance_credits: d.balance,
      api_key_id: input.apiKeyId,
      usage_event_id: d.event_id,
    },
  });
}
