import { remainingCredits } from "@/lib/credits/remaining-credits";
import { AppError } from "@/lib/errors";

/** The numbers a refused caller needs, under stable names. */
export interface RefusalDetails {
  event_id: string;
  requested: bigint;
  balance: bigint;
  cap: bigint | null;
  used: bigint;
  /** Credits still consumable this month: the balance, further limited by the cap. */
  remaining: bigint;
  month: string;
}

export function isRefusal(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === "insufficient_balance" || error.code === "budget_exceeded");
}

/** Re-shapes consumeCredits' refusal details into {balance, cap, used, remaining}. */
export function toRefusal(error: AppError, eventId: string): AppError & { details: RefusalDetails } {
  const d = (error.details ?? {}) as {
    requested?: bigint;
    balance?: bigint;
    monthly_limit?: bigint | null;
    used_this_month?: bigint;
    month?: string;
  };
  const balance = d.balance ?? 0n;
  const cap = d.monthly_limit ?? null;
  const used = d.used_this_month ?? 0n;
  const remaining = remainingCredits({ balanceCredits: balance, capCredits: cap, usedThisMonthCredits: used }).consumableCredits;
  const details: RefusalDetails = { event_id: eventId, requested: d.requested ?? 0n, balance, cap, used, remaining, month: d.month ?? "" };
  return new AppError(error.code, error.message, { details: details as unknown as Record<string, unknown> }) as AppError & {
    details: RefusalDetails;
  };
}
