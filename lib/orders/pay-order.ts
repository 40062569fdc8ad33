import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import {
  CashfreeApiError,
  METHOD_NOT_ENABLED_CODES,
  orderPayIdempotencyKey,
  toPaymentMethodObject,
  type CashfreePayment,
  type OrderPayResponse,
  type PayMethod,
} from "@/lib/cashfree";
import { orders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { clock, type OrderDeps } from "./deps";
import { getOrder } from "./get-order";
import { payOrderView, type PayOrderView } from "./pay-order-view";
import { fetchCashfreeState, providerError } from "./verify-order";

const FINAL = new Set(["SUCCESS", "FAILED", "USER_DROPPED", "CANCELLED", "VOID"]);

/** The Cashfree payment method object's channel, for matching earlier attempts of the same kind. */
function channelOf(payment: CashfreePayment): string | null {
  const method = payment.payment_method as Record<string, { channel?: unknown } | undefined> | null | undefined;
  if (!method) return null;
  if (method.upi) return `upi-${String(method.upi.channel)}`;
  if (method.netbanking) return "netbanking";
  return null;
}

/**
 * The attempt number for this method: one more than the finished Cashfree payments of the same channel. While
 * the last attempt is still pending, repeats get its number again, hence its key, hence the same payment.
 */
export function attemptNumber(payments: CashfreePayment[], method: PayMethod): number {
  const wanted = { upi_qr: "upi-qrcode", upi_collect: "upi-collect", upi_link: "upi-link", netbanking: "netbanking" }[method.type];
  return payments.filter((p) => channelOf(p) === wanted && FINAL.has(p.payment_status)).length + 1;
}

/** Key of one attempt; the method object's hash keeps a corrected UPI id from replaying the mistyped one. */
export function payAttemptKey(orderId: string, method: PayMethod, attempt: number): string {
  const digest = createHash("sha256").update(JSON.stringify(toPaymentMethodObject(method))).digest("base64url").slice(0, 10);
  return `${orderPayIdempotencyKey(orderId, method, attempt)}:${digest}`;
}

function mapCashfreeError(error: unknown, paymentSessionId: string): AppError {
  if (error instanceof CashfreeApiError && error.status < 500) {
    if (METHOD_NOT_ENABLED_CODES.has(error.code) || error.type === "feature_not_enabled") {
      return new AppError("payment_method_not_enabled", "This payment method is not available for this account right now. Pay on Cashfree's checkout instead.", {
        details: { fallback: "hosted_checkout", payment_session_id: paymentSessionId, provider_code: error.code },
        cause: error,
      });
    }
    if (error.code === "order_inactive" || error.code === "order_already_paid" || error.code === "payment_session_id_invalid") {
      return new AppError("order_not_payable", "This order can no longer be paid. Start a new payment.", { details: { provider_code: error.code }, cause: error });
    }
    return new AppError("payment_method_rejected", `The payment provider refused these payment details: ${error.message}`, {
      details: { provider_code: error.code },
      cause: error,
    });
  }
  return providerError(error);
}

/**
 * POST /api/v1/payments/pay: starts a payment on one of the account's checkout orders with Cashfree's Order Pay
 * and returns what the page must do next (show a QR, wait for a collect approval, open a UPI app, post a bank
 * form). Nothing is credited here: the payment settles through the webhook or verify, as every payment does.
 *
 * Idempotency: the x-idempotency-key is derived from the attempt (order, method, attempt number), so
 * concurrent or repeated identical calls start one Cashfree payment and get Cashfree's first answer back.
 * No transaction is held across the Cashfree call; the only write is the FAILED/USER_DROPPED → ACTIVE reopen
 * (as retry does), guarded by status.
 */
export async function payOrder(deps: OrderDeps, input: { accountId: string; orderId: string; method: PayMethod }): Promise<PayOrderView> {
  const scope = { accountId: input.accountId, orderId: input.orderId };
  const { order } = await getOrder(deps.db, scope);
  if (order.status === "PAID") throw new AppError("order_already_paid", "This order is already paid.");
  if (order.paymentLink) throw new AppError("order_not_payable", "This is a pay-in: its payer pays it through its payment link.");
  if (order.replacedByOrderId) {
    throw new AppError("order_not_payable", `This order was replaced by ${order.replacedByOrderId}; pay that one.`, {
      details: { replaced_by_order_id: order.replacedByOrderId },
    });
  }
  if (!order.cfOrderId || order.status === "EXPIRED" || order.status === "TERMINATED") {
    throw new AppError("order_not_payable", "This order can no longer be paid. Start a new payment.");
  }

  const { cfOrder, payments } = await fetchCashfreeState(deps, input.orderId);
  if (cfOrder.order_status === "PAID" || payments.some((p) => p.payment_status === "SUCCESS")) {
    throw new AppError("order_already_paid", "This order is already paid; it will show as paid in a moment.");
  }
  if (cfOrder.order_status !== "ACTIVE" || !cfOrder.payment_session_id) {
    throw new AppError("order_not_payable", "This order can no longer be paid. Start a new payment.", { details: { provider_status: cfOrder.order_status } });
  }

  const attempt = attemptNumber(payments, input.method);
  let answer: OrderPayResponse;
  try {
    answer = await deps.cashfree.payOrder(
      { payment_session_id: cfOrder.payment_session_id, payment_method: toPaymentMethodObject(input.method) },
      { idempotencyKey: payAttemptKey(order.id, input.method, attempt) },
    );
  } catch (error) {
    throw mapCashfreeError(error, cfOrder.payment_session_id);
  }

  if (order.status === "FAILED" || order.status === "USER_DROPPED") {
    await deps.db
      .update(orders)
      .set({ status: "ACTIVE", updatedAt: clock(deps) })
      .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId), inArray(orders.status, ["FAILED", "USER_DROPPED"])));
  }
  const expiresAt = cfOrder.order_expiry_time ? new Date(cfOrder.order_expiry_time) : order.expiresAt;
  return payOrderView({ orderId: order.id, amountPaise: order.amountPaise, method: input.method, attempt, expiresAt, answer });
}
