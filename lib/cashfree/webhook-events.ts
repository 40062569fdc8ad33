import { z } from "zod";
import { cfIdSchema, linkMoneySchema, linkStatusSchema, paymentStatusSchema, refundStatusSchema } from "./types";

export const WEBHOOK_VERSIONS = ["2023-08-01", "2025-01-01"] as const;
export type WebhookVersion = (typeof WEBHOOK_VERSIONS)[number];

export const PAYMENT_WEBHOOK_TYPES = [
  "PAYMENT_SUCCESS_WEBHOOK",
  "PAYMENT_FAILED_WEBHOOK",
  "PAYMENT_USER_DROPPED_WEBHOOK",
] as const;
export const REFUND_WEBHOOK_TYPES = ["REFUND_STATUS_WEBHOOK", "AUTO_REFUND_STATUS_WEBHOOK"] as const;
export const DISPUTE_WEBHOOK_TYPES = ["DISPUTE_CREATED", "DISPUTE_UPDATED", "DISPUTE_CLOSED"] as const;

/** Payment Links: sent when a link is paid (fully or partly), cancelled or expired. */
export const PAYMENT_LINK_WEBHOOK_TYPE = "PAYMENT_LINK_EVENT";

export type PaymentWebhookType = (typeof PAYMENT_WEBHOOK_TYPES)[number];
export type RefundWebhookType = (typeof REFUND_WEBHOOK_TYPES)[number];
export type DisputeWebhookType = (typeof DISPUTE_WEBHOOK_TYPES)[number];

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();

const webhookCustomerSchema = z.looseObject({
  customer_id: nullableString,
  customer_name: nullableString,
  customer_email: nullableString,
  customer_phone: nullableString,
});

export const paymentWebhookDataSchema = z.looseObject({
  order: z.looseObject({
    order_id: z.string(),
    order_amount: z.number(),
    order_currency: z.string(),
    order_tags: z.record(z.string(), z.string()).nullish(),
  }),
  payment: z.looseObject({
    cf_payment_id: cfIdSchema,
    payment_status: paymentStatusSchema,
    payment_amount: z.number(),
    payment_currency: z.string(),
    payment_message: nullableString,
    payment_time: nullableString,
    bank_reference: nullableString,
    payment_group: nullableString,
    payment_method: z.record(z.string(), z.unknown()).nullish(),
  }),
  customer_details: webhookCustomerSchema.nullish(),
  error_details: z
    .looseObject({
      error_code: nullableString,
      error_description: nullableString,
      error_reason: nullableString,
      error_source: nullableString,
    })
    .nullish(),
  payment_gateway_details: z.looseObject({}).nullish(),
  payment_offers: z.array(z.looseObject({})).nullish(),
});
export type PaymentWebhookData = z.infer<typeof paymentWebhookDataSchema>;

const refundBodySchema = z.looseObject({
  cf_refund_id: cfIdSchema,
  cf_payment_id: cfIdSchema.nullish(),
  refund_id: z.string(),
  order_id: z.string(),
  refund_amount: z.number(),
  refund_currency: z.string(),
  refund_status: refundStatusSchema,
  refund_arn: nullableString,
  refund_note: nullableString,
  status_description: nullableString,
  created_at: nullableString,
  processed_at: nullableString,
});

export const refundWebhookDataSchema = z.looseObject({ refund: refundBodySchema });
// Auto refunds (e.g. a late success on an already paid order) carry the same fields under `auto_refund`.
export const autoRefundWebhookDataSchema = z.looseObject({ auto_refund: refundBodySchema });
export type RefundWebhookData = z.infer<typeof refundBodySchema>;

export const disputeWebhookDataSchema = z.looseObject({
  dispute: z.looseObject({
    dispute_id: z.string(),
    dispute_type: z.string(),
    dispute_status: z.string(),
    dispute_amount: z.number(),
    reason_code: nullableString,
    reason_description: nullableString,
    respond_by: nullableString,
    created_at: nullableString,
    updated_at: nullableString,
    resolved_at: nullableString,
    cf_dispute_remarks: nullableString,
  }),
  order_details: z.looseObject({
    order_id: z.string(),
    order_amount: nullableNumber,
    order_currency: nullableString,
    cf_payment_id: cfIdSchema.nullish(),
    payment_amount: nullableNumber,
    payment_currency: nullableString,
  }),
  customer_details: webhookCustomerSchema.nullish(),
});
export type DisputeWebhookData = z.infer<typeof disputeWebhookDataSchema>;

/** PAYMENT_LINK_EVENT's data (version 1; Cashfree's "Payment Link Webhooks" page); `order` is null for a cancelled or expired link. */
export const paymentLinkWebhookDataSchema = z.looseObject({
  cf_link_id: cfIdSchema,
  link_id: z.string().min(1),
  link_status: linkStatusSchema,
  link_currency: z.string(),
  link_amount: linkMoneySchema,
  link_amount_paid: linkMoneySchema.nullish(),
  link_url: nullableString,
  customer_details: webhookCustomerSchema.nullish(),
  order: z
    .looseObject({
      order_id: z.string(),
      order_amount: linkMoneySchema,
      transaction_id: cfIdSchema.nullish(),
      transaction_status: nullableString,
    })
    .nullish(),
});
export type PaymentLinkWebhookData = z.infer<typeof paymentLinkWebhookDataSchema>;

type EventCommon = { version: WebhookVersion; eventTime: string };

export type CashfreeWebhookEvent =
  | (EventCommon & { kind: "payment"; type: PaymentWebhookType; data: PaymentWebhookData })
  | (EventCommon & { kind: "refund"; type: RefundWebhookType; data: RefundWebhookData })
  | (EventCommon & { kind: "dispute"; type: DisputeWebhookType; data: DisputeWebhookData })
  | (EventCommon & { kind: "payment_link"; type: typeof PAYMENT_LINK_WEBHOOK_TYPE; data: PaymentLinkWebhookData })
  | { kind: "unknown"; type: string; version: WebhookVersion; raw: unknown };

const envelopeSchema = z.looseObject({ type: z.string().min(1), event_time: z.string(), data: z.unknown() });

/**
 * Validates an already-authenticated payload. Returns null when a known event type has the wrong
 * shape; unknown types are passed through so the receiver can acknowledge them.
 */
export function parseWebhookEvent(json: unknown, version: WebhookVersion): CashfreeWebhookEvent | null {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return null;
  const { type, event_time: eventTime, data } = envelope.data;
  const common = { version, eventTime };

  if (isOneOf(PAYMENT_WEBHOOK_TYPES, type)) {
    const parsed = paymentWebhookDataSchema.safeParse(data);
    return parsed.success ? { ...common, kind: "payment", type, data: parsed.data } : null;
  }
  if (type === "REFUND_STATUS_WEBHOOK") {
    const parsed = refundWebhookDataSchema.safeParse(data);
    return parsed.success ? { ...common, kind: "refund", type, data: parsed.data.refund } : null;
  }
  if (type === "AUTO_REFUND_STATUS_WEBHOOK") {
    const parsed = autoRefundWebhookDataSchema.safeParse(data);
    return parsed.success ? { ...common, kind: "refund", type, data: parsed.data.auto_refund } : null;
  }
  if (isOneOf(DISPUTE_WEBHOOK_TYPES, type)) {
    const parsed = disputeWebhookDataSchema.safeParse(data);
    return parsed.success ? { ...common, kind: "dispute", type, data: parsed.data } : null;
  }
  if (type === PAYMENT_LINK_WEBHOOK_TYPE) {
    const parsed = paymentLinkWebhookDataSchema.safeParse(data);
    return parsed.success ? { ...common, kind: "payment_link", type, data: parsed.data } : null;
  }
  return { kind: "unknown", type, version, raw: json };
}

/**
 * The merchant's order a payment webhook is about: a payment link's order is Cashfree's own (`CFPay_…`), tagged
 * with the link's `link_id` (the merchant's id of the link); any other order is the merchant's own order_id.
 */
export function merchantOrderIdOf(order: { order_id: string; order_tags?: Record<string, string> | null }): string {
  return order.order_tags?.link_id ?? order.order_id;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
