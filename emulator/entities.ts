import { INSTRUMENTS } from "./instruments";
import { paiseToRupees, toIstIso } from "./format";
import type { EmulatorDispute, EmulatorOrder, EmulatorPayment, EmulatorRefund } from "./state";

// Before 2025-01-01 Cashfree returned cf_payment_id as a JSON number.
const numericPaymentIds = (apiVersion: string) => apiVersion < "2025-01-01";

export function orderJson(order: EmulatorOrder) {
  return {
    cart_details: null,
    cf_order_id: order.cfOrderId,
    created_at: toIstIso(order.createdAtMs),
    customer_details: { ...order.customer, customer_uid: null },
    entity: "order",
    order_amount: paiseToRupees(order.amountPaise),
    order_currency: order.currency,
    order_expiry_time: toIstIso(order.expiresAtMs),
    order_id: order.orderId,
    order_meta: {
      return_url: order.returnUrl,
      notify_url: order.notifyUrl,
      payment_methods: order.paymentMethods,
    },
    order_note: order.note,
    order_splits: [],
    order_status: order.status,
    order_tags: order.tags,
    payment_session_id: order.paymentSessionId,
    terminal_data: null,
  };
}

function gatewayDetails(order: EmulatorOrder, payment: EmulatorPayment) {
  return {
    gateway_name: "CASHFREE",
    gateway_order_id: order.cfOrderId,
    gateway_payment_id: payment.cfPaymentId,
    gateway_order_reference_id: "NA",
    gateway_settlement: "CASHFREE",
    gateway_status_code: null,
  };
}

export function paymentJson(order: EmulatorOrder, payment: EmulatorPayment, apiVersion: string) {
  const spec = INSTRUMENTS[payment.instrument];
  return {
    auth_id: null,
    authorization: null,
    bank_reference: payment.bankReference,
    cf_payment_id: numericPaymentIds(apiVersion) ? Number(payment.cfPaymentId) : payment.cfPaymentId,
    entity: "payment",
    error_details: spec.error,
    international_payment: { international: false },
    is_captured: payment.status === "SUCCESS",
    order_amount: paiseToRupees(order.amountPaise),
    order_currency: order.currency,
    order_id: order.orderId,
    payment_amount: paiseToRupees(payment.amountPaise),
    payment_completion_time: payment.completedAtMs === null ? null : toIstIso(payment.completedAtMs),
    payment_currency: order.currency,
    payment_gateway_details: gatewayDetails(order, payment),
    payment_group: payment.method?.group ?? spec.group,
    payment_message: spec.message,
    payment_method: payment.method?.method ?? spec.method,
    payment_offers: null,
    payment_status: payment.status,
    payment_surcharge: null,
    payment_time: toIstIso(payment.createdAtMs),
  };
}

export function refundJson(refund: EmulatorRefund) {
  return {
    cf_payment_id: refund.cfPaymentId,
    cf_refund_id: refund.cfRefundId,
    created_at: toIstIso(refund.createdAtMs),
    entity: "refund",
    forced_refund_id: null,
    metadata: null,
    order_id: refund.orderId,
    processed_at: refund.processedAtMs === null ? null : toIstIso(refund.processedAtMs),
    refund_amount: paiseToRupees(refund.amountPaise),
    refund_arn: refund.arn,
    refund_charge: 0,
    refund_currency: "INR",
    refund_id: refund.refundId,
    refund_mode: refund.speed,
    refund_note: refund.note,
    refund_speed: {
      requested: refund.speed,
      accepted: refund.speed,
      processed: refund.processedAtMs === null ? null : refund.speed,
      message: null,
    },
    refund_splits: [],
    refund_status: refund.status,
    refund_type: "MERCHANT_INITIATED",
    status_description: refundDescription(refund),
  };
}

function refundDescription(refund: EmulatorRefund): string {
  if (refund.status === "SUCCESS") return "Refund processed successfully";
  if (refund.status === "CANCELLED") return "Refund cancelled";
  if (refund.status === "FAILED") return "Refund failed at the bank";
  if (refund.status === "ONHOLD") return "Refund is on hold";
  return "In Progress";
}

export const PAYMENT_WEBHOOK_TYPE = {
  SUCCESS: "PAYMENT_SUCCESS_WEBHOOK",
  FAILED: "PAYMENT_FAILED_WEBHOOK",
  USER_DROPPED: "PAYMENT_USER_DROPPED_WEBHOOK",
} as const;

/** Version 2025-01-01 payment webhook payload, as in Cashfree's payment webhook docs. */
export function paymentWebhookPayload(order: EmulatorOrder, payment: EmulatorPayment, type: string, eventTimeMs: number) {
  const spec = INSTRUMENTS[payment.instrument];
  return {
    data: {
      order: {
        order_id: order.orderId,
        order_amount: paiseToRupees(order.amountPaise),
        order_currency: order.currency,
        order_tags: order.tags,
      },
      payment: {
        cf_payment_id: payment.cfPaymentId,
        payment_status: payment.status,
        payment_amount: paiseToRupees(payment.amountPaise),
        payment_currency: order.currency,
        payment_message: spec.message,
        payment_time: toIstIso(payment.createdAtMs),
        bank_reference: payment.bankReference,
        auth_id: null,
        payment_method: payment.method?.method ?? spec.method,
        payment_group: payment.method?.group ?? spec.group,
        international_payment: { international: false },
        payment_surcharge: null,
      },
      customer_details: {
        customer_name: order.customer.customer_name,
        customer_id: order.customer.customer_id,
        customer_email: order.customer.customer_email,
        customer_phone: order.customer.customer_phone,
      },
      ...(spec.error ? { error_details: { ...spec.error, error_subcode_raw: null } } : {}),
      payment_gateway_details: gatewayDetails(order, payment),
      payment_offers: null,
      terminal_details: null,
    },
    event_time: toIstIso(eventTimeMs),
    type,
  };
}

/**
 * REFUND_STATUS_WEBHOOK (version 2025-01-01) as Cashfree's "Refund Webhooks" page shows it: the refund's fields
 * with `entity: "Refund"` and `refund_mode`, without Get Refund's `refund_speed` / `forced_refund_id`.
 */
export function refundWebhookPayload(refund: EmulatorRefund, eventTimeMs: number) {
  return {
    data: {
      refund: {
        cf_refund_id: refund.cfRefundId,
        cf_payment_id: refund.cfPaymentId,
        refund_id: refund.refundId,
        order_id: refund.orderId,
        refund_amount: paiseToRupees(refund.amountPaise),
        refund_currency: "INR",
        entity: "Refund",
        refund_type: "MERCHANT_INITIATED",
        refund_arn: refund.arn,
        refund_status: refund.status,
        status_description: refundDescription(refund),
        created_at: toIstIso(refund.createdAtMs),
        processed_at: refund.processedAtMs === null ? null : toIstIso(refund.processedAtMs),
        refund_charge: 0,
        refund_note: refund.note,
        refund_splits: [],
        metadata: null,
        refund_mode: refund.speed,
      },
    },
    event_time: toIstIso(eventTimeMs),
    type: "REFUND_STATUS_WEBHOOK",
  };
}

function disputeOrderDetails(order: EmulatorOrder, dispute: EmulatorDispute) {
  const payment = order.payments.find((p) => p.cfPaymentId === dispute.cfPaymentId);
  return {
    order_id: order.orderId,
    order_amount: paiseToRupees(order.amountPaise),
    order_currency: order.currency,
    cf_payment_id: Number(dispute.cfPaymentId),
    payment_amount: paiseToRupees(payment?.amountPaise ?? order.amountPaise),
    payment_currency: order.currency,
  };
}

const disputeCustomer = (order: EmulatorOrder) => ({
  customer_name: order.customer.customer_name,
  customer_phone: order.customer.customer_phone,
  customer_email: order.customer.customer_email,
});

/** The Disputes API entity (Get Disputes by Dispute ID / Order ID, Accept, Submit Evidence answers). */
export function disputeJson(order: EmulatorOrder, dispute: EmulatorDispute) {
  return {
    dispute_id: Number(dispute.cfDisputeId),
    dispute_type: dispute.type,
    reason_code: dispute.reasonCode,
    reason_description: dispute.reasonDescription,
    dispute_amount: paiseToRupees(dispute.amountPaise),
    dispute_amount_currency: "INR",
    created_at: toIstIso(dispute.createdAtMs),
    updated_at: toIstIso(dispute.updatedAtMs),
    respond_by: toIstIso(dispute.respondByMs),
    resolved_at: dispute.resolvedAtMs === null ? null : toIstIso(dispute.resolvedAtMs),
    dispute_status: dispute.status,
    cf_dispute_remarks: dispute.remarks,
    dispute_action_on: dispute.actionOn,
    preferred_evidence: [
      { document_type: "DeliveryProof", document_description: "Proof that the service was delivered (usage logs, credits consumed)" },
      { document_type: "Invoice", document_description: "The invoice for the payment" },
    ],
    dispute_evidence: dispute.evidence.map((e) => ({ document_id: e.documentId, document_name: e.documentName, document_type: e.documentType })),
    order_details: disputeOrderDetails(order, dispute),
    customer_details: disputeCustomer(order),
  };
}

/** Version 2025-01-01 dispute webhook payload, as in Cashfree's dispute webhook docs. */
export function disputeWebhookPayload(
  order: EmulatorOrder,
  dispute: EmulatorDispute,
  type: "DISPUTE_CREATED" | "DISPUTE_UPDATED" | "DISPUTE_CLOSED",
  eventTimeMs: number,
  update?: "STATUS_UPDATE" | "TYPE_UPDATE" | "COMMENT_UPDATE",
) {
  return {
    data: {
      dispute: {
        dispute_id: dispute.cfDisputeId,
        dispute_type: dispute.type,
        reason_code: dispute.reasonCode,
        reason_description: dispute.reasonDescription,
        dispute_amount: paiseToRupees(dispute.amountPaise),
        created_at: toIstIso(dispute.createdAtMs),
        updated_at: toIstIso(dispute.updatedAtMs),
        respond_by: toIstIso(dispute.respondByMs),
        ...(dispute.resolvedAtMs === null ? {} : { resolved_at: toIstIso(dispute.resolvedAtMs) }),
        dispute_status: dispute.status,
        cf_dispute_remarks: dispute.remarks,
        ...(update ? { dispute_update: update } : {}),
        ...(type === "DISPUTE_CLOSED" ? {} : { dispute_action_on: dispute.actionOn }),
        dispute_amount_currency: "INR",
      },
      order_details: disputeOrderDetails(order, dispute),
      customer_details: disputeCustomer(order),
    },
    event_time: toIstIso(eventTimeMs),
    type,
  };
}
