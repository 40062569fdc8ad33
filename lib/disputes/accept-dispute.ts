import { CashfreeApiError, type CashfreeClient, type CashfreeDispute } from "@/lib/cashfree";
import type { Db } from "@/lib/db";
import { AppError, conflict } from "@/lib/errors";
import { resolutionOf } from "./dispute-status";
import { answerableDispute, recordResponse } from "./record-response";

export interface DisputeDeps {
  db: Db;
  cashfree: CashfreeClient;
  now?: () => Date;
}

/**
 * An operator accepts a dispute: Cashfree's Accept Dispute API (PUT, so a retry cannot accept anything twice),
 * then the answer is recorded (who and when) and, Cashfree having closed it as <TYPE>_MERCHANT_ACCEPTED, the
 * dispute is resolved as lost here: the held credits stay for good and a credit note is issued.
 */
export async function acceptDispute(deps: DisputeDeps, input: { disputeId: string; userId: string }) {
  const row = await answerableDispute(deps.db, input.disputeId);
  let answered: CashfreeDispute;
  try {
    answered = await deps.cashfree.acceptDispute(row.cfDisputeId);
  } catch (error) {
    // Cashfree refuses when the dispute moved on (closed, under review): its state says what happened.
    if (!(error instanceof CashfreeApiError) || error.status >= 500) throw providerError(error);
    const current = await deps.cashfree.getDispute(row.cfDisputeId).catch(() => null);
    if (!current || !current.dispute_status.endsWith("_MERCHANT_ACCEPTED")) {
      throw conflict("conflict", `Cashfree refused to accept the dispute: ${error.message}`, { cf_status: current?.dispute_status ?? null });
    }
    answered = current;
  }
  if (resolutionOf(answered.dispute_status) !== "lost") {
    throw conflict("conflict", `Cashfree reports the dispute as ${answered.dispute_status} after accepting it.`, { cf_status: answered.dispute_status });
  }
  return recordResponse(deps.db, row.id, { response: "accepted", userId: input.userId, cfStatus: answered.dispute_status, now: deps.now ? deps.now() : new Date() });
}

export function providerError(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("payment_provider_error", `Cashfree could not be reached or failed: ${message}`);
}
