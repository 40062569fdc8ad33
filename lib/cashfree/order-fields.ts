import { z } from "zod";
import type { CreateOrderRequest } from "./types";

export const MIN_ORDER_AMOUNT_PAISE = 100;

/** Cashfree's order_id rule: 3–45 characters of letters, digits, `_` and `-`. */
export const orderIdSchema = z
  .string()
  .min(3)
  .max(45)
  .regex(/^[A-Za-z0-9_-]+$/, "order_id may only contain letters, digits, '_' and '-'");

/**
 * Converts integer paise to Cashfree's rupee `order_amount` (a JSON number with ≤ 2 decimals).
 * Exact: IEEE division is correctly rounded, so `99999 / 100` is the same double as the literal
 * `999.99`; we only refuse values beyond 2^53 where integers themselves stop being exact.
 */
export function paiseToOrderAmount(amountPaise: bigint | number): number {
  if (typeof amountPaise === "number" && !Number.isInteger(amountPaise)) {
    throw new RangeError(`amountPaise must be an integer, got ${amountPaise}`);
  }
  const paise = BigInt(amountPaise);
  if (paise < BigInt(MIN_ORDER_AMOUNT_PAISE)) {
    throw new RangeError(`Cashfree orders must be at least ₹1 (100 paise), got ${paise} paise`);
  }
  if (paise > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amountPaise ${paise} is too large to represent exactly`);
  }
  return Number(paise) / 100;
}

const INDIAN_MOBILE = /^[6-9]\d{9}$/;

/** A 10-digit Indian mobile number as stored (no prefix): the only kind of phone Cashfree takes for a customer. */
export function isIndianMobile(phone: string): boolean {
  return INDIAN_MOBILE.test(phone);
}

/** Accepts `9876543210`, `+919876543210`, `919876543210`, `09876543210` (spaces/dashes ignored); returns 10 digits. */
export function normaliseIndianPhone(phone: string): string {
  const compact = phone.replace(/[\s-]/g, "");
  const match = /^(?:\+91|91|0)?([6-9]\d{9})$/.exec(compact);
  if (!match?.[1]) throw new RangeError("customer phone must be an Indian 10-digit mobile number (optionally +91)");
  return match[1];
}

export const ORDER_ID_PLACEHOLDER = "{order_id}";

export type BuildCreateOrderInput = {
  orderId: string;
  amountPaise: bigint | number;
  customer: { id: string; phone: string; email?: string; name?: string };
  /** Must contain `{order_id}`, which Cashfree replaces when redirecting back. */
  returnUrl: string;
  notifyUrl: string;
  note?: string;
  tags?: Record<string, string>;
  /** Absolute expiry; Cashfree defaults to 30 days when omitted. */
  expiresAt?: Date;
};

const customerIdSchema = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_-]+$/, "customer id may only contain letters, digits, '_' and '-'");

export function buildCreateOrderRequest(input: BuildCreateOrderInput): CreateOrderRequest {
  const orderId = orderIdSchema.parse(input.orderId);
  const customerId = customerIdSchema.parse(input.customer.id);
  if (!input.returnUrl.includes(ORDER_ID_PLACEHOLDER)) {
    throw new RangeError(`returnUrl must contain ${ORDER_ID_PLACEHOLDER}`);
  }
  assertHttpUrl(input.returnUrl.replace(ORDER_ID_PLACEHOLDER, "x"), "returnUrl");
  assertHttpUrl(input.notifyUrl, "notifyUrl");

  const request: CreateOrderRequest = {
    order_id: orderId,
    order_amount: paiseToOrderAmount(input.amountPaise),
    order_currency: "INR",
    customer_details: {
      customer_id: customerId,
      customer_phone: normaliseIndianPhone(input.customer.phone),
      ...(input.customer.email ? { customer_email: z.email().parse(input.customer.email) } : {}),
      ...(input.customer.name ? { customer_name: input.customer.name.slice(0, 100) } : {}),
    },
    order_meta: { return_url: input.returnUrl, notify_url: input.notifyUrl },
  };
  if (input.note) request.order_note = input.note.slice(0, 200);
  if (input.tags) request.order_tags = input.tags;
  if (input.expiresAt) request.order_expiry_time = input.expiresAt.toISOString();
  return request;
}

function assertHttpUrl(value: string, field: string): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new RangeError(`${field} must be an absolute URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new RangeError(`${field} must be http(s)`);
}
