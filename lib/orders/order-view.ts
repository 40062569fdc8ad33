import { paiseToRupees } from "@/lib/money/format-inr";
import { describePaymentMethod } from "./payment-method";
import type { orders } from "@/lib/db/schema";

export type OrderRow = typeof orders.$inferSelect;
export type OrderStatus = OrderRow["status"];

/**
 * Statuses as the API shows them. `pending` is an ACTIVE order still payable; an ACTIVE order whose Cashfree
 * expiry has passed shows as `expired` (Cashfree expires it on its side without telling us); TERMINATED (we
 * closed it, e.g. Cashfree refused to create it) shows as `cancelled`.
 */
export const API_ORDER_STATUSES = ["pending", "paid", "failed", "user_dropped", "expired", "cancelled"] as const;
export type ApiOrderStatus = (typeof API_ORDER_STATUSES)[number];

export function apiStatusOf(order: Pick<OrderRow, "status" | "expiresAt">, now: Date = new Date()): ApiOrderStatus {
  switch (order.status) {
    case "ACTIVE":
      return order.expiresAt && order.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
    case "PAID":
      return "paid";
    case "FAILED":
      return "failed";
    case "USER_DROPPED":
      return "user_dropped";
    case "EXPIRED":
      return "expired";
    case "TERMINATED":
      return "cancelled";
  }
}

/** How the order was paid: Cashfree's group, the stored safe details and a line for people; null if unknown. */
export function paymentMethodView(order: Pick<OrderRow, "paymentGroup" | "paymentMethod" | "cfPaymentId">) {
  if (!order.paymentGroup && !order.paymentMethod) return null;
  return {
    group: order.paymentGroup,
    description: describePaymentMethod(order.paymentGroup, order.paymentMethod),
    details: order.paymentMethod,
    cf_payment_id: order.cfPaymentId,
  };
}

/** A pay-in's payment link and payer (POST /api/v1/payments); null for checkout and offline orders. */
export function payInView(order: Pick<OrderRow, "id" | "paymentLink" | "reference" | "cfLinkId" | "linkUrl" | "payerName" | "payerEmail" | "payerPhone">) {
  if (!order.paymentLink) return null;
  return {
    link_id: order.id,
    cf_link_id: order.cfLinkId,
    link_url: order.linkUrl,
    reference: order.reference,
    payer: { name: order.payerName, email: order.payerEmail, phone: order.payerPhone },
  };
}

/** The public view of one order (history, verify). */
export function orderView(order: OrderRow, extra: { invoiceNumber: string | null }, now: Date = new Date()) {
  return {
    order_id: order.id,
    type: order.type,
    plan: order.plan,
    credits: order.credits,
    amount: paiseToRupees(order.amountPaise),
    amount_paise: order.amountPaise,
    currency: order.currency,
    status: apiStatusOf(order, now),
    created_at: order.createdAt,
    paid_at: order.paidAt,
    invoice_number: extra.invoiceNumber,
    payment_method: paymentMethodView(order),
    flagged_for_review: order.flaggedForReview,
    replaces_order_id: order.replacesOrderId,
    replaced_by_order_id: order.replacedByOrderId,
    expires_at: order.expiresAt,
    pay_in: payInView(order),
  };
}
export type OrderView = ReturnType<typeof orderView>;

/** An operator's decision on a flagged order (dismiss, or settle after checking Cashfree): who, when, why. */
export function orderReviewDecisionView(d: {
  decisionId: string;
  orderId: string;
  accountId: string;
  decision: "dismissed" | "settled";
  reason: string;
  reviewReason: string | null;
  decidedByUserId: string;
  decidedAt: Date;
  invoiceNumber?: string | null;
  cfPaymentId?: string;
}) {
  return {
    decision_id: d.decisionId,
    order_id: d.orderId,
    account_id: d.accountId,
    decision: d.decision,
    reason: d.reason,
    review_reason: d.reviewReason,
    decided_by_user_id: d.decidedByUserId,
    decided_at: d.decidedAt,
    ...(d.decision === "settled" ? { invoice_number: d.invoiceNumber ?? null, cf_payment_id: d.cfPaymentId ?? null } : {}),
  };
}
