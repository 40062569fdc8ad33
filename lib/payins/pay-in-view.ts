import { paiseToRupees } from "@/lib/money/format-inr";
import { apiStatusOf, payInView, type OrderRow } from "@/lib/orders/order-view";

/**
 * The answer to POST /api/v1/payments: the pay-in's id, where its payer pays (link_url), how much and until when.
 * `payment_id` is what GET /api/v1/payments/:payment_id (and the payment history) know it by.
 */
export function payInCreatedView(order: OrderRow, now: Date) {
  const link = payInView(order)!;
  return {
    payment_id: order.id,
    order_id: order.id,
    reference: order.reference,
    link_id: link.link_id,
    cf_link_id: link.cf_link_id,
    link_url: link.link_url,
    amount: paiseToRupees(order.amountPaise),
    amount_paise: order.amountPaise,
    currency: order.currency,
    credits: order.credits,
    status: apiStatusOf(order, now),
    expires_at: order.expiresAt,
    payer: link.payer,
    created_at: order.createdAt,
  };
}
export type PayInCreatedView = ReturnType<typeof payInCreatedView>;
