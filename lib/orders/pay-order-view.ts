import type { OrderPayResponse, PayMethod } from "@/lib/cashfree";
import { paiseToRupees } from "@/lib/money/format-inr";

/**
 * The answer of POST /api/v1/payments/pay: Cashfree's action and data as the page needs them, plus what it shows
 * (amount, expiry) and follows (order_id for verify). Built only from the order and Cashfree's answer, so a
 * replayed Cashfree answer gives the same bytes.
 */
export function payOrderView(input: {
  orderId: string;
  amountPaise: bigint;
  method: PayMethod;
  attempt: number;
  expiresAt: Date | null;
  answer: OrderPayResponse;
}) {
  const { answer } = input;
  return {
    order_id: input.orderId,
    cf_payment_id: answer.cf_payment_id,
    method: input.method.type,
    attempt: input.attempt,
    amount: paiseToRupees(input.amountPaise),
    amount_paise: input.amountPaise,
    currency: "INR" as const,
    expires_at: input.expiresAt,
    payment_method: answer.payment_method,
    channel: answer.channel,
    action: answer.action,
    data: {
      url: answer.data.url ?? null,
      payload: answer.data.payload ?? null,
      content_type: answer.data.content_type ?? null,
      method: answer.data.method ?? null,
    },
  };
}
export type PayOrderView = ReturnType<typeof payOrderView>;
