import { and, eq } from "drizzle-orm";
import { CashfreeApiError, type CashfreeClient, type CashfreeRefund } from "@/lib/cashfree";
import type { Db } from "@/lib/db";
import { orders, refunds } from "@/lib/db/schema";
import { cashfreeOrderIdOf } from "@/lib/orders/cashfree-order-id";
import { paiseToRupees } from "@/lib/money/format-inr";
import { applyRefundStatus, type ApplyRefundOutcome } from "./apply-refund-status";
import { schedulePoll } from "./schedule-poll";

export interface RefundJobDeps {
  db: Db;
  cashfree: CashfreeClient;
  now?: () => Date;
}

/** The idempotency key of a refund's Create Refund call: derived from Khata's refund id, so a retry is the same call. */
export const refundIdempotencyKey = (refundId: string) => `khata-refund-${refundId}`;

/** The refund with the Cashfree order it is made under (a pay-in's paying `CFPay_…` order, else ours). */
async function refundWithCfOrder(db: Db, refundId: string) {
  const [row] = await db
    .select({ refund: refunds, order: { id: orders.id, cfPayingOrderId: orders.cfPayingOrderId } })
    .from(refunds)
    .innerJoin(orders, and(eq(orders.id, refunds.orderId), eq(orders.accountId, refunds.accountId)))
    .where(eq(refunds.id, refundId));
  return row ? { refund: row.refund, cfOrderId: cashfreeOrderIdOf(row.order) } : null;
}

/**
 * The `create-cashfree-refund` job: creates a `pending` refund in Cashfree (refund_id = Khata's refund id, with an
 * idempotency key derived from it, so a retried job never refunds twice; if Cashfree already has that refund_id,
 * Get Refund answers instead), then applies the answer (applyRefundStatus: cf_refund_id and status stored) and, if
 * it is not final, schedules `poll-refund`. The Cashfree call is outside any transaction; a refund no longer
 * pending is left alone. A network/5xx failure throws: graphile-worker retries with backoff.
 */
export async function sendCashfreeRefund(deps: RefundJobDeps, refundId: string): Promise<ApplyRefundOutcome | "not_pending"> {
  const found = await refundWithCfOrder(deps.db, refundId);
  if (!found || found.refund.status !== "pending") return "not_pending";
  const { refund, cfOrderId } = found;
  let answer: CashfreeRefund;
  try {
    answer = await deps.cashfree.createRefund(
      cfOrderId,
      { refund_id: refund.id, refund_amount: paiseToRupees(refund.amountPaise), refund_note: refund.reason.slice(0, 100) },
      { idempotencyKey: refundIdempotencyKey(refund.id) },
    );
  } catch (error) {
    // Already there (an earlier attempt reached Cashfree but its answer was lost): ask for it.
    if (error instanceof CashfreeApiError && error.status === 409) answer = await deps.cashfree.getRefund(cfOrderId, refund.id);
    else if (error instanceof CashfreeApiError && REFUSALS.has(error.status)) return refuse(deps, refund.id, refund.orderId, error);
    else throw error;
  }
  return applyAnswer(deps, refund.id, answer, 0);
}

/** The `poll-refund` job: Get Refund, apply it; not final yet → poll again later (attempt + 1, longer delay). */
export async function pollRefund(deps: RefundJobDeps, refundId: string, attempt: number): Promise<ApplyRefundOutcome | "not_pending"> {
  const found = await refundWithCfOrder(deps.db, refundId);
  if (!found || found.refund.status !== "pending") return "not_pending";
  const { refund, cfOrderId } = found;
  if (!refund.cfRefundId) {
    // Create Refund never got through: that job (retrying) owns it; look again later.
    await schedulePoll(deps.db, refund.id, attempt + 1, deps.now ? deps.now() : new Date());
    return "refund_still_pending";
  }
  return applyAnswer(deps, refund.id, await deps.cashfree.getRefund(cfOrderId, refund.id), attempt + 1);
}

/** Cashfree refused the refund for good (bad amount, order not refundable…): retrying cannot help. */
const REFUSALS = new Set([400, 404, 422]);

/** A refused Create Refund fails the refund and gives its hold back, through the one outcome function. */
async function refuse(deps: RefundJobDeps, refundId: string, orderId: string, error: CashfreeApiError): Promise<ApplyRefundOutcome> {
  const now = deps.now ? deps.now() : new Date();
  return deps.db.transaction((tx) =>
    applyRefundStatus(
      tx,
      { refund_id: refundId, cf_refund_id: null, order_id: orderId, refund_amount: 0, refund_status: "FAILED", status_description: `Cashfree refused it: ${error.code}: ${error.message}`.slice(0, 500) },
      now,
    ),
  );
}

async function applyAnswer(deps: RefundJobDeps, refundId: string, answer: CashfreeRefund, nextAttempt: number): Promise<ApplyRefundOutcome> {
  const now = deps.now ? deps.now() : new Date();
  return deps.db.transaction(async (tx) => {
    const outcome = await applyRefundStatus(tx, { ...answer, refund_id: refundId }, now);
    if (outcome === "refund_still_pending") await schedulePoll(tx, refundId, nextAttempt, now);
    return outcome;
  });
}
