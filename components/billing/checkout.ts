"use client";

import { apiFetch, type ApiError } from "@/components/api-client";
import { openCashfreeCheckout, type CashfreeEnv } from "@/components/cashfree-checkout";

/** What the server told the page about Cashfree (from getEnv(), passed down by the server component). */
export interface CheckoutConfig {
  pageEnv: CashfreeEnv;
  emulatorUrl?: string;
}

/** create-order and retry both answer with a payable Cashfree session. */
export interface PaymentSession {
  order_id: string;
  cf_order_id: string;
  payment_session_id: string;
  amount: number;
  currency: string;
  env: CashfreeEnv;
}

export type CreateOrderBody = { type: "credit_topup"; credits: number } | { type: "plan_upgrade"; plan: string };

function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

async function open(session: PaymentSession, config: CheckoutConfig): Promise<ApiError | null> {
  try {
    await openCashfreeCheckout({
      paymentSessionId: session.payment_session_id,
      serverEnv: session.env,
      pageEnv: config.pageEnv,
      emulatorUrl: config.emulatorUrl,
    });
    return null;
  } catch (error) {
    return {
      code: "checkout_unavailable",
      message: error instanceof Error ? error.message : "Cashfree checkout could not be opened. Try again.",
      status: 0,
    };
  }
}

/**
 * Creates the order on the server and sends the browser to Cashfree's checkout. Resolves with an error to show, or
 * null once the browser is leaving for checkout. Nothing is credited here: the server settles after payment.
 */
export async function startCheckout(body: CreateOrderBody, config: CheckoutConfig): Promise<ApiError | null> {
  const created = await apiFetch<PaymentSession>("/api/v1/payments/create-order", {
    method: "POST",
    body,
    idempotencyKey: newIdempotencyKey(),
  });
  if (!created.ok) return created.error;
  return open(created.data, config);
}

/** Pays a failed, dropped or expired order again: a fresh session (or a replacement order) from the server. */
export async function retryCheckout(orderId: string, config: CheckoutConfig): Promise<ApiError | null> {
  const retried = await apiFetch<PaymentSession>("/api/v1/payments/retry", {
    method: "POST",
    body: { order_id: orderId },
    idempotencyKey: newIdempotencyKey(),
  });
  if (!retried.ok) return retried.error;
  return open(retried.data, config);
}
