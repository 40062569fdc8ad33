import { z } from "zod";
import { netbankingBankName } from "./netbanking-banks";

/** A UPI id (VPA) as Khata accepts it before it reaches Cashfree: `handle@psp`. */
export const UPI_ID_PATTERN = /^[\w.-]{2,256}@[a-zA-Z]{2,64}$/;

/**
 * The payment methods Khata starts server-to-server (Order Pay). Cards stay on the hosted checkout: sending card
 * data from our server would need PCI DSS.
 */
export const payMethodSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("upi_qr") }),
  z.strictObject({ type: z.literal("upi_collect"), upi_id: z.string().trim().regex(UPI_ID_PATTERN, "must be a UPI id like name@bank") }),
  z.strictObject({ type: z.literal("upi_link") }),
  z.strictObject({
    type: z.literal("netbanking"),
    bank_code: z.coerce
      .number()
      .int()
      .refine((code) => netbankingBankName(code) !== undefined, "must be a bank code from Cashfree's net banking list"),
  }),
]);
export type PayMethod = z.infer<typeof payMethodSchema>;

/** Order Pay's payment method object, shaped as Cashfree's docs (2025-01-01). */
export type OrderPayPaymentMethod =
  | { upi: { channel: "qrcode" | "link" } }
  | { upi: { channel: "collect"; upi_id: string } }
  | { netbanking: { channel: "link"; netbanking_bank_code: number } };

export type OrderPayRequest = { payment_session_id: string; payment_method: OrderPayPaymentMethod };

export function toPaymentMethodObject(method: PayMethod): OrderPayPaymentMethod {
  switch (method.type) {
    case "upi_qr":
      return { upi: { channel: "qrcode" } };
    case "upi_collect":
      return { upi: { channel: "collect", upi_id: method.upi_id } };
    case "upi_link":
      return { upi: { channel: "link" } };
    case "netbanking":
      return { netbanking: { channel: "link", netbanking_bank_code: method.bank_code } };
  }
}

/** Channel name used in keys and views. */
export const payMethodChannel = (method: PayMethod) =>
  ({ upi_qr: "upi-qrcode", upi_collect: "upi-collect", upi_link: "upi-link", netbanking: "netbanking" })[method.type];

/**
 * The x-idempotency-key of one pay attempt: the order, the method and channel, and the attempt number. Repeats of
 * the same attempt (double click, retried request) carry the same key, so Cashfree starts one payment.
 */
export function orderPayIdempotencyKey(orderId: string, method: PayMethod, attempt: number): string {
  return `pay:${orderId}:${payMethodChannel(method)}:${attempt}`;
}

export const orderPayResponseSchema = z.looseObject({
  payment_amount: z.number().nullish(),
  cf_payment_id: z.union([z.string(), z.number()]).transform(String),
  payment_method: z.string(),
  channel: z.string(),
  action: z.enum(["link", "custom", "form", "post"]),
  data: z.looseObject({
    url: z.string().nullish(),
    payload: z.record(z.string(), z.unknown()).nullish(),
    content_type: z.string().nullish(),
    method: z.string().nullish(),
  }),
});
export type OrderPayResponse = z.infer<typeof orderPayResponseSchema>;

/** Cashfree errors saying the merchant account cannot take this method server-to-server: use the hosted checkout. */
export const METHOD_NOT_ENABLED_CODES = new Set(["payment_method_unsupported", "feature_not_enabled", "card_submission_disabled", "payment_gateway_unsupported"]);

