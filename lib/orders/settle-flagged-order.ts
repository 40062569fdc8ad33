import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { orderReviewDecisions, orders } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { clock, type OrderDeps } from "./deps";
import type { OrderReviewDecision } from "./dismiss-flagged-order";
import { rupeeAmountToPaise, settleBatch, type ReportedPayment } from "./settle-order";
import { fetchCashfreeState } from "./verify-order";

export interface ManualSettlement extends OrderReviewDecision {
  invoiceNumber: string | null;
  cfPaymentId: string;
}

/**
 * "Settle manually" on a flagged order: asks Cashfree (Get Order + Get Payments) and settles through THE
 * settlement function (settleBatch) only when Cashfree says the order is PAID with a successful payment of the
 * order's amount and currency. Nothing the operator says is trusted but their reason. The settlement, the
 * decision row (who, when, why) and clearing the flag are one transaction; exactly once comes from the order row
 * lock and the ledger cause `order:<id>`: a second call (or one racing this) finds the order paid → 409.
 * Refusals change nothing: Khata already has it PAID → `order_already_paid`; Cashfree's order is not PAID →
 * `cashfree_not_paid`; no successful payment matches the order → `payment_amount_mismatch` (refund it instead).
 */
export async function settleFlaggedOrder(deps: OrderDeps, input: { orderId: string; reason: string; byUserId: string }): Promise<ManualSettlement> {
  const { db } = deps;
  const [order] = await db.select().from(orders).where(eq(orders.id, input.orderId));
  if (!order) throw notFound("Order");
  const alreadyPaid = () => new AppError("order_already_paid", "Khata already has this order as paid: nothing to settle. A duplicate payment is refunded, not settled.");
  if (order.status === "PAID") throw alreadyPaid();
  if (order.cashfreeEnv === "offline") throw new AppError("cashfree_not_paid", "This order was not paid through Cashfree.");

  const { cfOrder, payments } = await fetchCashfreeState(deps, order.id);
  if (cfOrder.order_status !== "PAID") {
    throw new AppError("cashfree_not_paid", `Cashfree reports this order as ${cfOrder.order_status}, not PAID: nothing was credited.`, {
      details: { cashfree_order_status: cfOrder.order_status },
    });
  }
  const success = payments.find((p) => p.payment_status === "SUCCESS" && rupeeAmountToPaise(p.payment_amount) === order.amountPaise && p.payment_currency === order.currency);
  if (!success) {
    throw new AppError("payment_amount_mismatch", "Cashfree has no successful payment of this order's amount and currency: refund the payment instead of settling it.", {
      details: { successful_payments: payments.filter((p) => p.payment_status === "SUCCESS").map((p) => ({ cf_payment_id: p.cf_payment_id, amount: p.payment_amount, currency: p.payment_currency })) },
    });
  }
  const payment: ReportedPayment = {
    cfPaymentId: success.cf_payment_id,
    status: success.payment_status,
    amount: success.payment_amount,
    currency: success.payment_currency,
    group: success.payment_group,
    method: success.payment_method,
  };
  const now = clock(deps);
  return db.transaction(async (tx) => {
    const [result] = await settleBatch(tx, [{ orderId: order.id, payment: { orderId: order.id, accountId: order.accountId, payment } }], { now });
    if (!result?.ok || !result.settled) throw new Error("a batch of one settles or throws");
    // Anything but a fresh settlement rolls back (already_paid: another call or the webhook got there first).
    if (result.settled.outcome === "already_paid") throw alreadyPaid();
    if (result.settled.outcome !== "paid") throw new AppError("conflict", `The settlement did not credit the order (${result.settled.outcome}).`);
    const decisionId = newId("ord_rev");
    await tx.insert(orderReviewDecisions).values({ id: decisionId, orderId: order.id, accountId: order.accountId, decision: "settled", reason: input.reason, reviewReason: order.reviewReason, decidedByUserId: input.byUserId, decidedAt: now });
    await tx.update(orders).set({ flaggedForReview: false, updatedAt: now }).where(eq(orders.id, order.id));
    await recordAudit(tx, { action: "order.settle_flagged", accountId: order.accountId, targetType: "order", targetId: order.id, before: { status: order.status, flagged_for_review: true, review_reason: order.reviewReason }, after: { status: "PAID", flagged_for_review: false, credits: order.credits, cf_payment_id: success.cf_payment_id, invoice_number: result.settled.invoiceNumber, decision_id: decisionId, reason: input.reason } });
    return {
      decisionId,
      orderId: order.id,
      accountId: order.accountId,
      decision: "settled" as const,
      reason: input.reason,
      reviewReason: order.reviewReason,
      decidedByUserId: input.byUserId,
      decidedAt: now,
      invoiceNumber: result.settled.invoiceNumber,
      cfPaymentId: success.cf_payment_id,
    };
  });
}
