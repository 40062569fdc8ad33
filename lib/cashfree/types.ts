import { z } from "zod";

// Response schemas are loose: unknown fields pass through, but the fields our code relies on are
// required so a surprising response fails loudly at the boundary instead of deep inside billing.

export const ORDER_STATUSES = ["ACTIVE", "PAID", "EXPIRED", "TERMINATED", "TERMINATION_REQUESTED"] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type CashfreeOrderStatus = z.infer<typeof orderStatusSchema>;

export const PAYMENT_STATUSES = [
  "SUCCESS",
  "FAILED",
  "PENDING",
  "USER_DROPPED",
  "NOT_ATTEMPTED",
  "CANCELLED",
  "VOID",
  "FLAGGED",
] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type CashfreePaymentStatus = z.infer<typeof paymentStatusSchema>;

// FAILED is not in Cashfree's enum today but is named in its refund guides; accepted so such a report is not lost.
export const REFUND_STATUSES = ["SUCCESS", "PENDING", "CANCELLED", "ONHOLD", "FAILED"] as const;
export const refundStatusSchema = z.enum(REFUND_STATUSES);
export type CashfreeRefundStatus = z.infer<typeof refundStatusSchema>;

/** Cashfree sends ids as numbers in some versions and strings in others; we always use strings. */
export const cfIdSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((value) => String(value));

// ---------------------------------------------------------------------------------------------
// Requests

export const customerDetailsRequestSchema = z.object({
  customer_id: z.string().min(1).max(50),
  customer_phone: z.string().min(10).max(15),
  customer_email: z.email().optional(),
  customer_name: z.string().min(1).max(100).optional(),
});
export type CashfreeCustomerDetailsRequest = z.infer<typeof customerDetailsRequestSchema>;

export const orderMetaRequestSchema = z.object({
  return_url: z.url().optional(),
  notify_url: z.url().optional(),
  payment_methods: z.string().optional(),
});

export const createOrderRequestSchema = z.object({
  order_id: z.string().optional(),
  order_amount: z.number().positive(),
  order_currency: z.literal("INR"),
  customer_details: customerDetailsRequestSchema,
  order_meta: orderMetaRequestSchema.optional(),
  order_expiry_time: z.string().optional(),
  order_note: z.string().max(200).optional(),
  order_tags: z.record(z.string(), z.string()).optional(),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;

export const createRefundRequestSchema = z.object({
  refund_amount: z.number().positive(),
  refund_id: z.string().min(3).max(40),
  refund_note: z.string().max(100).optional(),
  refund_speed: z.enum(["STANDARD", "INSTANT"]).optional(),
});
export type CreateRefundRequest = z.infer<typeof createRefundRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Responses

export const customerDetailsSchema = z.looseObject({
  customer_id: z.string().nullish(),
  customer_phone: z.string().nullish(),
  customer_email: z.string().nullish(),
  customer_name: z.string().nullish(),
});

export const orderMetaSchema = z.looseObject({
  return_url: z.string().nullish(),
  notify_url: z.string().nullish(),
  payment_methods: z.string().nullish(),
});

export const orderSchema = z.looseObject({
  cf_order_id: cfIdSchema,
  order_id: z.string(),
  order_amount: z.number(),
  order_currency: z.string(),
  order_status: orderStatusSchema,
  payment_session_id: z.string().nullish(),
  order_expiry_time: z.string().nullish(),
  order_note: z.string().nullish(),
  created_at: z.string().nullish(),
  customer_details: customerDetailsSchema.nullish(),
  order_meta: orderMetaSchema.nullish(),
  order_tags: z.record(z.string(), z.string()).nullish(),
});
export type CashfreeOrder = z.infer<typeof orderSchema>;

export const errorDetailsSchema = z.looseObject({
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  error_reason: z.string().nullish(),
  error_source: z.string().nullish(),
});

export const paymentSchema = z.looseObject({
  cf_payment_id: cfIdSchema,
  order_id: z.string().nullish(),
  payment_status: paymentStatusSchema,
  payment_amount: z.number(),
  payment_currency: z.string(),
  payment_time: z.string().nullish(),
  payment_completion_time: z.string().nullish(),
  payment_message: z.string().nullish(),
  payment_group: z.string().nullish(),
  payment_method: z.record(z.string(), z.unknown()).nullish(),
  bank_reference: z.string().nullish(),
  is_captured: z.boolean().nullish(),
  error_details: errorDetailsSchema.nullish(),
});
export type CashfreePayment = z.infer<typeof paymentSchema>;

export const paymentListSchema = z.array(paymentSchema);

export const refundSchema = z.looseObject({
  cf_refund_id: cfIdSchema,
  cf_payment_id: cfIdSchema.nullish(),
  refund_id: z.string(),
  order_id: z.string(),
  refund_amount: z.number(),
  refund_currency: z.string(),
  refund_status: refundStatusSchema,
  refund_note: z.string().nullish(),
  refund_arn: z.string().nullish(),
  status_description: z.string().nullish(),
  created_at: z.string().nullish(),
  processed_at: z.string().nullish(),
});
export type CashfreeRefund = z.infer<typeof refundSchema>;

/** The documented error envelope: `{ message, code, type }` (plus `help` sometimes). */
export const errorBodySchema = z.looseObject({
  message: z.string(),
  code: z.string(),
  type: z.string(),
});
export type CashfreeErrorBody = z.infer<typeof errorBodySchema>;

// ---------------------------------------------------------------------------------------------
// Settlements (Get All Settlements, Settlement Reconciliation, Get Settlements by Order ID)

export const settlementQuerySchema = z.object({
  /** ISO 8601; settlements settled in [startDate, endDate]. */
  startDate: z.string(),
  endDate: z.string(),
  cursor: z.string().nullish(),
  /** 1–1000 (Cashfree's default is 10). */
  limit: z.number().int().min(1).max(1000).optional(),
});
export type SettlementQuery = z.infer<typeof settlementQuerySchema>;

/** One line of the settlement recon: a payment credited (sale_type CREDIT) or a refund, dispute… debited. */
export const reconEventSchema = z.looseObject({
  event_id: cfIdSchema,
  event_type: z.string(),
  event_amount: z.number(),
  event_settlement_amount: z.number(),
  event_status: z.string().nullish(),
  event_time: z.string().nullish(),
  event_currency: z.string().nullish(),
  sale_type: z.string().nullish(),
  order_id: z.string().nullish(),
  order_amount: z.number().nullish(),
  cf_payment_id: cfIdSchema.nullish(),
  payment_amount: z.number().nullish(),
  payment_service_charge: z.number().nullish(),
  payment_service_tax: z.number().nullish(),
  cf_settlement_id: cfIdSchema.nullish(),
  settlement_date: z.string().nullish(),
  settlement_utr: z.string().nullish(),
  refund_id: z.string().nullish(),
  refund_arn: z.string().nullish(),
});
export type CashfreeReconEvent = z.infer<typeof reconEventSchema>;

export const settlementSummarySchema = z.looseObject({
  cf_settlement_id: cfIdSchema,
  settlement_utr: z.string().nullish(),
  status: z.string().nullish(),
  payment_amount: z.number().nullish(),
  service_charge: z.number().nullish(),
  service_tax: z.number().nullish(),
  adjustment: z.number().nullish(),
  settlement_amount: z.number().nullish(),
  settled_on: z.string().nullish(),
});
export type CashfreeSettlementSummary = z.infer<typeof settlementSummarySchema>;

const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({ cursor: z.string().nullish(), limit: z.number().nullish(), data: z.array(item).nullish().transform((d) => d ?? []) });
export const reconPageSchema = pageOf(reconEventSchema);
export type CashfreeReconPage = z.infer<typeof reconPageSchema>;
export const settlementPageSchema = pageOf(settlementSummarySchema);
export type CashfreeSettlementPage = z.infer<typeof settlementPageSchema>;

export const orderSettlementSchema = z.looseObject({
  order_id: z.string(),
  cf_payment_id: cfIdSchema.nullish(),
  cf_settlement_id: cfIdSchema.nullish(),
  order_amount: z.number().nullish(),
  service_charge: z.number().nullish(),
  service_tax: z.number().nullish(),
  settlement_amount: z.number().nullish(),
  transfer_utr: z.string().nullish(),
  transfer_time: z.string().nullish(),
});
export type CashfreeOrderSettlement = z.infer<typeof orderSettlementSchema>;
// Disputes (Get Disputes by Dispute ID / Order ID, Accept Dispute, Submit Evidence answers)

export const disputeSchema = z.looseObject({
  dispute_id: cfIdSchema,
  dispute_type: z.string(),
  dispute_status: z.string(),
  dispute_amount: z.number(),
  reason_code: z.string().nullish(),
  reason_description: z.string().nullish(),
  respond_by: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cf_dispute_remarks: z.string().nullish(),
  dispute_evidence: z
    .array(z.looseObject({ document_id: cfIdSchema, document_name: z.string().nullish(), document_type: z.string().nullish() }))
    .nullish(),
  order_details: z.looseObject({ order_id: z.string(), cf_payment_id: cfIdSchema.nullish() }).nullish(),
});
export type CashfreeDispute = z.infer<typeof disputeSchema>;
export const disputeListSchema = z.array(disputeSchema);

/** One evidence document for Submit Evidence (multipart: file, doc_type, note). */
export type DisputeEvidenceDocument = { fileName: string; contentType: string; content: Uint8Array; docType: string; note?: string };

// ---------------------------------------------------------------------------------------------
// Payment Links (Create, Fetch, Cancel Payment Link; Get Orders for a Payment Link)

export const LINK_STATUSES = ["ACTIVE", "PAID", "PARTIALLY_PAID", "EXPIRED", "CANCELLED"] as const;
export const linkStatusSchema = z.enum(LINK_STATUSES);
export type CashfreeLinkStatus = z.infer<typeof linkStatusSchema>;

export const createLinkRequestSchema = z.object({
  /** The merchant's id of the link (Khata's order id). */
  link_id: z.string().min(1).max(50),
  link_amount: z.number().positive(),
  link_currency: z.literal("INR"),
  link_purpose: z.string().min(1).max(500),
  customer_details: z.object({
    customer_phone: z.string().min(10).max(15),
    customer_email: z.email().optional(),
    customer_name: z.string().min(1).max(100).optional(),
  }),
  link_partial_payments: z.boolean().optional(),
  link_expiry_time: z.string().optional(),
  link_notify: z.object({ send_sms: z.boolean(), send_email: z.boolean() }).optional(),
  link_auto_reminders: z.boolean().optional(),
  link_notes: z.record(z.string(), z.string()).optional(),
  link_meta: z.object({ notify_url: z.url().optional(), return_url: z.url().optional() }).optional(),
});
export type CreateLinkRequest = z.infer<typeof createLinkRequestSchema>;

/** Cashfree writes link money as numbers in the API and as strings ("200.12") in PAYMENT_LINK_EVENT. */
export const linkMoneySchema = z.union([z.number(), z.string().regex(/^\d+(\.\d{1,2})?$/).transform(Number)]);

export const linkSchema = z.looseObject({
  cf_link_id: cfIdSchema,
  link_id: z.string(),
  link_status: linkStatusSchema,
  link_currency: z.string(),
  link_amount: linkMoneySchema,
  link_amount_paid: linkMoneySchema.nullish(),
  link_purpose: z.string().nullish(),
  link_created_at: z.string().nullish(),
  link_url: z.string(),
  link_expiry_time: z.string().nullish(),
  customer_details: customerDetailsSchema.nullish(),
});
export type CashfreeLink = z.infer<typeof linkSchema>;

export const linkOrderListSchema = z.array(orderSchema);
