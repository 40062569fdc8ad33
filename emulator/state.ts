import { randomBytes, randomInt } from "node:crypto";
import type { EmulatorSettlement } from "./settlements";

export type OrderStatus = "ACTIVE" | "PAID" | "EXPIRED" | "TERMINATED" | "TERMINATION_REQUESTED";
export type PaymentStatus = "SUCCESS" | "FAILED" | "PENDING" | "USER_DROPPED";
/**
 * Cashfree's refund_status values. ONHOLD (e.g. the merchant's balance is short) is not final: the refund still
 * goes to SUCCESS, CANCELLED or FAILED later. FAILED is named in Cashfree's refund guides beside the API enum.
 */
export type RefundStatus = "PENDING" | "ONHOLD" | "SUCCESS" | "CANCELLED" | "FAILED";
export const REFUND_SETTLE_STATUSES = ["SUCCESS", "CANCELLED", "FAILED", "ONHOLD"] as const satisfies readonly Exclude<RefundStatus, "PENDING">[];
/** A refund that returned no money: it does not count against the order's refundable amount. */
export const isRefundVoid = (status: RefundStatus) => status === "CANCELLED" || status === "FAILED";

export type Instrument = "success_card" | "failure_card" | "upi_success" | "upi_failure" | "upi_pending" | "upi_expired" | "close";

export type EmulatorCustomer = {
  customer_id: string;
  customer_phone: string;
  customer_email: string | null;
  customer_name: string | null;
};

export type EmulatorPayment = {
  cfPaymentId: string;
  orderId: string;
  status: PaymentStatus;
  amountPaise: number;
  instrument: Instrument;
  createdAtMs: number;
  completedAtMs: number | null;
  bankReference: string;
  /** Order Pay: the payment method object actually used (else the instrument's own). */
  method?: { group: string; method: Record<string, unknown> };
  /** Order Pay: what the payer must do next (collect approval, QR scan, bank page); settles through resolvePending. */
  orderPay?: { channel: "qrcode" | "collect" | "link" | "netbanking"; expiresAtMs: number };
  /** Ids of webhook events emitted for this payment, oldest first. */
  eventIds: string[];
};

export type EmulatorRefund = {
  cfRefundId: string;
  refundId: string;
  orderId: string;
  cfPaymentId: string;
  amountPaise: number;
  status: RefundStatus;
  note: string | null;
  speed: "STANDARD" | "INSTANT";
  arn: string | null;
  createdAtMs: number;
  processedAtMs: number | null;
  eventIds: string[];
};

export type DisputeType = "DISPUTE" | "RETRIEVAL" | "CHARGEBACK" | "PRE_ARBITRATION" | "ARBITRATION";
export const DISPUTE_TYPES: readonly DisputeType[] = ["DISPUTE", "RETRIEVAL", "CHARGEBACK", "PRE_ARBITRATION", "ARBITRATION"];

export type DisputeEvidence = { documentId: number; documentName: string; documentType: string; note: string | null; sizeBytes: number };

export type EmulatorDispute = {
  cfDisputeId: string;
  orderId: string;
  cfPaymentId: string;
  type: DisputeType;
  amountPaise: number;
  reasonCode: string;
  reasonDescription: string;
  /** `<type>_<state>`, Cashfree's dispute_status (e.g. CHARGEBACK_CREATED, CHARGEBACK_MERCHANT_WON). */
  status: string;
  remarks: string;
  actionOn: "MERCHANT" | "CASHFREE";
  respondByMs: number;
  createdAtMs: number;
  updatedAtMs: number;
  resolvedAtMs: number | null;
  evidence: DisputeEvidence[];
  eventIds: string[];
};

export type EmulatorOrder = {
  cfOrderId: string;
  orderId: string;
  amountPaise: number;
  currency: "INR";
  status: OrderStatus;
  paymentSessionId: string;
  createdAtMs: number;
  expiresAtMs: number;
  customer: EmulatorCustomer;
  returnUrl: string | null;
  notifyUrl: string | null;
  paymentMethods: string | null;
  note: string | null;
  tags: Record<string, string> | null;
  /** Set on the orders Cashfree makes when a payment link is opened (their order_id is `CFPay_<hash>_<random>`). */
  linkId: string | null;
  payments: EmulatorPayment[];
  refunds: EmulatorRefund[];
  disputes: EmulatorDispute[];
};

/** Cashfree's link_status values (Create/Get/Cancel Payment Link, PAYMENT_LINK_EVENT). */
export type LinkStatus = "ACTIVE" | "PAID" | "PARTIALLY_PAID" | "EXPIRED" | "CANCELLED";

export type EmulatorLink = {
  cfLinkId: string;
  linkId: string;
  /** The path segment of link_url (`/links/<hash>`), as in `https://payments.cashfree.com/links/U1mgll3c0e9g`. */
  hash: string;
  linkUrl: string;
  status: LinkStatus;
  amountPaise: number;
  amountPaidPaise: number;
  currency: "INR";
  purpose: string;
  partialPayments: boolean;
  minimumPartialAmountPaise: number | null;
  createdAtMs: number;
  expiresAtMs: number;
  customer: { customer_phone: string; customer_email: string | null; customer_name: string | null };
  notifyUrl: string | null;
  returnUrl: string | null;
  notes: Record<string, string> | null;
  autoReminders: boolean;
  notify: { send_sms: boolean; send_email: boolean };
  /** Orders created for this link (one per opening while none is payable), oldest first. */
  orderIds: string[];
  /** PAYMENT_LINK_EVENT ids, oldest first. */
  eventIds: string[];
};

export type WebhookEvent = {
  eventId: string;
  type: string;
  orderId: string;
  cfPaymentId: string | null;
  refundId: string | null;
  disputeId: string | null;
  /** Exact bytes sent; every delivery of this event sends the same body. */
  rawBody: string;
  /** Same on every delivery of the event so receivers can deduplicate. */
  idempotencyKey: string;
  attemptsSent: number;
};

export type WebhookDelivery = {
  delivery_id: number;
  event_id: string;
  type: string;
  order_id: string;
  cf_payment_id: string | null;
  refund_id: string | null;
  dispute_id: string | null;
  url: string;
  attempt: number;
  signature: "valid" | "bad";
  timestamp: number;
  status: number | null;
  error: string | null;
  response_body: string | null;
  started_at: string;
  duration_ms: number;
};

export type EmulatorConfig = {
  webhookRetryDelaysMs: number[];
  /** Null: refunds stay PENDING until settled through the control API. */
  refundSettleDelayMs: number | null;
  webhookTimeoutMs: number;
  /** PAID payments (and SUCCESS refunds) settle once this long has passed (on the next settlement read); null = never. */
  settlementDelayMs: number | null;
  /** Cashfree's fee, basis points of the payment (18 % GST on it comes on top). */
  settlementFeeBps: number;
  /** Order Pay methods the merchant account has not enabled (e.g. `["netbanking"]`): answered `payment_method_unsupported`. */
  disabledPaymentMethods: string[];
};

export type StoredIdempotentResponse = { status: number; body: string };

export class EmulatorState {
  readonly orders = new Map<string, EmulatorOrder>();
  readonly links = new Map<string, EmulatorLink>();
  readonly linksByHash = new Map<string, EmulatorLink>();
  readonly ordersBySession = new Map<string, EmulatorOrder>();
  readonly events = new Map<string, WebhookEvent>();
  readonly deliveries: WebhookDelivery[] = [];
  readonly idempotency = new Map<string, StoredIdempotentResponse>();
  readonly idempotencyInFlight = new Map<string, Promise<StoredIdempotentResponse>>();
  readonly settlements: EmulatorSettlement[] = [];
  /** `payment:<cf_payment_id>` / `refund:<refund_id>` already settled, or dropped through the control API. */
  readonly settledKeys = new Set<string>();
  private nextNumericId = randomInt(1_000_000_000, 2_000_000_000);
  private nextDeliveryId = 1;

  constructor(public config: EmulatorConfig) {}

  numericId(): string {
    this.nextNumericId += randomInt(1, 50);
    return String(this.nextNumericId);
  }

  deliveryId(): number {
    return this.nextDeliveryId++;
  }

  reset(): void {
    this.orders.clear();
    this.config.disabledPaymentMethods = [];
    this.links.clear();
    this.linksByHash.clear();
    this.ordersBySession.clear();
    this.events.clear();
    this.deliveries.length = 0;
    this.idempotency.clear();
    this.settlements.length = 0;
    this.settledKeys.clear();
  }

  findPayment(cfPaymentId: string): { order: EmulatorOrder; payment: EmulatorPayment } | null {
    for (const order of this.orders.values()) {
      const payment = order.payments.find((p) => p.cfPaymentId === cfPaymentId);
      if (payment) return { order, payment };
    }
    return null;
  }

  findDispute(cfDisputeId: string): { order: EmulatorOrder; dispute: EmulatorDispute } | null {
    for (const order of this.orders.values()) {
      const dispute = order.disputes.find((d) => d.cfDisputeId === cfDisputeId);
      if (dispute) return { order, dispute };
    }
    return null;
  }

  findRefund(refundId: string): { order: EmulatorOrder; refund: EmulatorRefund } | null {
    for (const order of this.orders.values()) {
      const refund = order.refunds.find((r) => r.refundId === refundId);
      if (refund) return { order, refund };
    }
    return null;
  }
}

export const newPaymentSessionId = () => `session_${randomBytes(48).toString("base64url")}`;

export const randomDigits = (length: number) => Array.from({ length }, () => randomInt(0, 10)).join("");

/** Applies time-based transitions; call before reading or acting on an order. */
export function refreshOrder(order: EmulatorOrder, nowMs: number): EmulatorOrder {
  if (order.status === "ACTIVE" && nowMs >= order.expiresAtMs) order.status = "EXPIRED";
  if (order.status === "TERMINATION_REQUESTED" && !order.payments.some((p) => p.status === "PENDING")) {
    order.status = "TERMINATED";
  }
  return order;
}

/** Link expiry, evaluated on every read (as orders'); a PAID or CANCELLED link stays as it is. */
export function refreshLink(link: EmulatorLink, nowMs: number): EmulatorLink {
  if ((link.status === "ACTIVE" || link.status === "PARTIALLY_PAID") && nowMs >= link.expiresAtMs) link.status = "EXPIRED";
  return link;
}

export function paidPayment(order: EmulatorOrder): EmulatorPayment | undefined {
  return order.payments.find((p) => p.status === "SUCCESS");
}
