/**
 * Test helpers for the order services: an emulator-backed Cashfree client, signed webhook bodies, and orders
 * inserted directly (for settlement tests that need no Cashfree round trip). Test code only: ESLint lets only
 * tests (and lib/testing itself) import lib/testing, which alone in lib may import the emulator.
 */
import { randomBytes } from "node:crypto";
import { startEmulator, type RunningEmulator } from "@/emulator/server";
import { createCashfreeClient, signWebhook, type CashfreeClient } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Db } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { newOrderId } from "@/lib/ids";

export interface TestCashfree {
  emulator: RunningEmulator;
  client: CashfreeClient;
  secret: string;
  close(): Promise<void>;
}

export async function startTestCashfree(): Promise<TestCashfree> {
  const env = getEnv();
  const clientId = env.CASHFREE_CLIENT_ID;
  const secret = env.CASHFREE_CLIENT_SECRET;
  const emulator = await startEmulator({ clientId, clientSecret: secret, webhookRetryDelaysMs: [], refundSettleDelayMs: null });
  const client = createCashfreeClient({
    env: "emulator",
    baseUrl: `${emulator.url}/pg`,
    clientId,
    clientSecret: secret,
    maxRetries: 1,
    baseRetryDelayMs: 5,
  });
  return { emulator, client, secret, close: () => emulator.close() };
}

/** A client that can never reach Cashfree (refused connection), to test provider failures. */
export function unreachableCashfree(): CashfreeClient {
  return createCashfreeClient({
    env: "emulator",
    baseUrl: "http://127.0.0.1:9/pg",
    clientId: "x",
    clientSecret: "y",
    maxRetries: 0,
    timeoutMs: 2000,
  });
}

export interface EmulatorPayResult {
  payment: { cf_payment_id: string; payment_status: string; payment_amount: number; payment_time?: string; payment_completion_time?: string | null };
  webhook: { raw_body: string; idempotency_key: string; type: string } | null;
}

/** Records a payment attempt in the emulator without delivering its webhook; returns the exact signed-body bytes. */
export async function payInEmulator(
  cf: TestCashfree,
  orderId: string,
  outcome: "success" | "failed" | "user_dropped" | "pending",
  amountRupees?: number,
  /** The emulator's test instrument: UPI (its default) or the test card. */
  via: "upi" | "card" = "upi",
): Promise<EmulatorPayResult> {
  const response = await fetch(`${cf.emulator.url}/__control/orders/${orderId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome, method: via, deliver: false, ...(amountRupees === undefined ? {} : { amount: amountRupees }) }),
  });
  if (!response.ok) throw new Error(`emulator pay failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as EmulatorPayResult;
}

export async function expireInEmulator(cf: TestCashfree, orderId: string): Promise<void> {
  const response = await fetch(`${cf.emulator.url}/__control/orders/${orderId}/expire`, { method: "POST" });
  if (!response.ok) throw new Error(`emulator expire failed: ${response.status} ${await response.text()}`);
}

/** Headers Cashfree would send with `rawBody`, signed with `secret` at `timestampMs`. */
export function signedHeaders(rawBody: string, secret: string, options: { timestampMs?: number; idempotencyKey?: string } = {}) {
  const timestamp = options.timestampMs ?? Date.now();
  return {
    "content-type": "application/json",
    "x-webhook-signature": signWebhook(secret, timestamp, rawBody),
    "x-webhook-timestamp": String(timestamp),
    "x-webhook-version": "2025-01-01",
    "x-webhook-attempt": "1",
    "x-idempotency-key": options.idempotencyKey ?? randomBytes(8).toString("hex"),
  };
}

/** A version 2025-01-01 payment webhook body (money written with two decimals, as Cashfree does). */
export function paymentWebhookBody(input: {
  orderId: string;
  orderAmount: number;
  cfPaymentId: string;
  status: "SUCCESS" | "FAILED" | "USER_DROPPED";
  paymentAmount?: number;
  currency?: string;
  /** Cashfree's payment_time (when it received the payment: the time of supply). */
  paymentTime?: string;
}): string {
  const type = { SUCCESS: "PAYMENT_SUCCESS_WEBHOOK", FAILED: "PAYMENT_FAILED_WEBHOOK", USER_DROPPED: "PAYMENT_USER_DROPPED_WEBHOOK" }[input.status];
  const currency = input.currency ?? "INR";
  return (
    `{"data":{"order":{"order_id":${JSON.stringify(input.orderId)},"order_amount":${input.orderAmount.toFixed(2)},"order_currency":"INR","order_tags":null},` +
    `"payment":{"cf_payment_id":${JSON.stringify(input.cfPaymentId)},"payment_status":"${input.status}","payment_amount":${(input.paymentAmount ?? input.orderAmount).toFixed(2)},` +
    `"payment_currency":"${currency}","payment_message":null,"payment_time":${JSON.stringify(input.paymentTime ?? "2026-11-23T10:00:00+05:30")},"bank_reference":"1234","payment_group":"upi","payment_method":{"upi":{"upi_id":"testsuccess@gocash"}}},` +
    `"customer_details":{"customer_id":"c","customer_name":null,"customer_email":null,"customer_phone":"9876543210"},"payment_gateway_details":null,"payment_offers":null},` +
    `"event_time":"2026-11-23T10:00:01+05:30","type":"${type}"}`
  );
}

/** Inserts an order row directly (as create-order would after Cashfree accepted it). */
export async function insertOrder(
  db: Db,
  input: {
    accountId: string;
    credits?: bigint;
    plan?: PlanId;
    status?: (typeof orders.$inferInsert)["status"];
    createdAt?: Date;
    paidAt?: Date | null;
    expiresAt?: Date | null;
    flagged?: boolean;
  },
) {
  const id = newOrderId();
  const plan = input.plan ? PLANS[input.plan] : null;
  const credits = plan ? plan.includedCredits : (input.credits ?? 100n);
  const [row] = await db
    .insert(orders)
    .values({
      id,
      accountId: input.accountId,
      type: plan ? "plan_upgrade" : "credit_topup",
      plan: plan?.id ?? null,
      credits,
      amountPaise: plan ? plan.monthlyPricePaise : credits * 100n,
      status: input.status ?? "ACTIVE",
      cashfreeEnv: "emulator",
      cfOrderId: `cf_${id}`,
      paymentSessionId: `session_${id}`,
      expiresAt: input.expiresAt === undefined ? new Date(Date.now() + 3600_000) : input.expiresAt,
      paidAt: input.paidAt ?? null,
      flaggedForReview: input.flagged ?? false,
      ...(input.createdAt ? { createdAt: input.createdAt, updatedAt: input.createdAt } : {}),
    })
    .returning();
  return row!;
}
