// Cashfree-shaped signed PAYMENT_SUCCESS webhooks for bench orders (₹100 each, as bench/lib/seed.mjs makes them).
import { randomBytes } from "node:crypto";
import { signWebhook } from "../../lib/cashfree/webhook.ts";
import { paymentWebhookBody } from "../../lib/testing/orders.ts";
import { CASHFREE_SECRET } from "./harness.mjs";

/** One signed request per order, `{ body, headers }`, signed now (the tolerance window is 5 minutes). */
export function signedWebhookRequests(orderIds, { firstPaymentId = 5_000_000 } = {}) {
  return orderIds.map((orderId, i) => {
    const body = paymentWebhookBody({ orderId, orderAmount: 100, cfPaymentId: String(firstPaymentId + i), status: "SUCCESS" });
    const ts = Date.now();
    return {
      body,
      headers: {
        "content-type": "application/json",
        "x-webhook-signature": signWebhook(CASHFREE_SECRET, ts, body),
        "x-webhook-timestamp": String(ts),
        "x-webhook-version": "2025-01-01",
        "x-webhook-attempt": "1",
        "x-idempotency-key": randomBytes(8).toString("hex"),
      },
    };
  });
}
