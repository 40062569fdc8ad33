/**
 * The Cashfree order id to talk about an order's payment with (Create / Get Refund, dispute and settlement
 * matching). A checkout order is Cashfree's order under our id; a pay-in's payment lives in the order the payment
 * link opened (`CFPay_…`, tagged `link_id` = our id), stored at settlement as `cf_paying_order_id`.
 */
export function cashfreeOrderIdOf(order: { id: string; cfPayingOrderId: string | null }): string {
  return order.cfPayingOrderId ?? order.id;
}
