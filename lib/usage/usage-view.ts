import type { ConsumeResult } from "@/lib/credits/consume-credits";
import type { BatchResult } from "./record-usage-batch";

/** The answer to one usage event: the same body for the first call and for every replay (bar `replayed`). */
export function toUsageResultView(result: ConsumeResult) {
  return {
    event_id: result.eventId,
    replayed: result.replayed,
    credits: result.consumedCredits,
    balance: result.balanceCredits,
    month: result.month,
    used_this_month: result.usedThisMonthCredits,
    monthly_limit: result.monthlyLimitCredits,
    remaining_this_month: result.remaining.underCapCredits,
    ledger_entry_id: result.ledgerEntryId,
    consumed_at: result.createdAt,
  };
}

/** POST /api/v1/usage/batch: one result per event, in order (201 consumed, 200 replayed, 402 refused). */
export function toBatchView(batch: BatchResult) {
  return {
    results: batch.items.map((item) =>
      item.kind === "consumed"
        ? { status: item.result.replayed ? 200 : 201, ...toUsageResultView(item.result) }
        : { event_id: item.eventId, status: 402, error: { code: item.refusal.code, message: item.refusal.message, details: item.refusal.details } },
    ),
    summary: {
      consumed: batch.summary.consumed,
      replayed: batch.summary.replayed,
      refused: batch.summary.refused,
      credits_consumed: batch.summary.consumedCredits,
    },
    balance: batch.balanceCredits,
  };
}
