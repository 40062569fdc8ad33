import { disputeWebhookPayload, PAYMENT_WEBHOOK_TYPE, paymentWebhookPayload, refundWebhookPayload } from "./entities";
import { invalidRequest } from "./http";
import { INSTRUMENTS } from "./instruments";
import {
  paidPayment,
  randomDigits,
  refreshOrder,
  type DisputeEvidence,
  type DisputeType,
  type EmulatorDispute,
  type EmulatorOrder,
  type EmulatorPayment,
  type EmulatorRefund,
  type EmulatorState,
  type Instrument,
  isRefundVoid,
  type RefundStatus,
  type WebhookDelivery,
  type WebhookEvent,
} from "./state";
import type { WebhookSender } from "./webhook-sender";
import { recordLinkPayment, type LinkEventChange } from "./links";

export type DisputeChange = { dispute: EmulatorDispute; event: WebhookEvent; firstDelivery: Promise<WebhookDelivery> | null };
type DisputeWebhookType = "DISPUTE_CREATED" | "DISPUTE_UPDATED" | "DISPUTE_CLOSED";
const DAY_MS = 24 * 60 * 60 * 1000;

export type SettledPayment = {
  payment: EmulatorPayment;
  event: WebhookEvent | null;
  firstDelivery: Promise<WebhookDelivery> | null;
  /** A payment link's order paid: its PAYMENT_LINK_EVENT (sent after the payment webhook). */
  linkEvent: LinkEventChange | null;
};

/** State transitions shared by the Orders API, the hosted checkout and the control API. */
export class EmulatorOperations {
  private readonly refundTimers = new Set<NodeJS.Timeout>();

  constructor(
    readonly state: EmulatorState,
    readonly sender: WebhookSender,
    readonly defaultNotifyUrl: string | null,
  ) {}

  getOrder(orderId: string): EmulatorOrder {
    const order = this.state.orders.get(orderId);
    if (!order) throw invalidRequest("order_not_found", "order not found for the given order_id", 404);
    return refreshOrder(order, Date.now());
  }

  assertPayable(order: EmulatorOrder): void {
    refreshOrder(order, Date.now());
    if (order.status === "PAID") throw invalidRequest("order_already_paid", "order is already paid", 409);
    if (order.status !== "ACTIVE") throw invalidRequest("order_inactive", `order is ${order.status}, payments are not allowed`, 409);
  }

  /** Records one payment attempt. SUCCESS marks the order PAID; a webhook is created for terminal outcomes. */
  pay(order: EmulatorOrder, instrument: Instrument, options: { amountPaise?: number; deliver?: boolean } = {}): SettledPayment {
    this.assertPayable(order);
    const now = Date.now();
    const spec = INSTRUMENTS[instrument];
    const payment: EmulatorPayment = {
      cfPaymentId: this.state.numericId(),
      orderId: order.orderId,
      status: spec.status,
      amountPaise: options.amountPaise ?? order.amountPaise,
      instrument,
      createdAtMs: now,
      completedAtMs: spec.status === "PENDING" ? null : now,
      bankReference: randomDigits(12),
      eventIds: [],
    };
    order.payments.push(payment);
    if (payment.status === "SUCCESS") order.status = "PAID";
    return this.emitPaymentWebhook(order, payment, options.deliver ?? true);
  }

  /** Moves a PENDING payment to its final state (the bank finally answered). */
  resolvePending(order: EmulatorOrder, payment: EmulatorPayment, instrument: Instrument, deliver = true): SettledPayment {
    if (payment.status !== "PENDING") throw invalidRequest("request_failed", `payment is ${payment.status}, not PENDING`, 409);
    const spec = INSTRUMENTS[instrument];
    payment.instrument = instrument;
    payment.status = spec.status;
    payment.completedAtMs = Date.now();
    if (payment.status === "SUCCESS" && (order.status === "ACTIVE" || order.status === "TERMINATION_REQUESTED")) {
      order.status = "PAID";
    }
    refreshOrder(order, Date.now());
    return this.emitPaymentWebhook(order, payment, deliver);
  }

  terminate(order: EmulatorOrder): EmulatorOrder {
    refreshOrder(order, Date.now());
    if (order.status === "PAID") throw invalidRequest("order_already_paid", "order is already paid and cannot be terminated");
    if (order.status !== "ACTIVE") throw invalidRequest("order_inactive", `order is ${order.status} and cannot be terminated`);
    order.status = order.payments.some((p) => p.status === "PENDING") ? "TERMINATION_REQUESTED" : "TERMINATED";
    return order;
  }

  createRefund(order: EmulatorOrder, args: { refundId: string; amountPaise: number; note: string | null; speed: "STANDARD" | "INSTANT" }): EmulatorRefund {
    const payment = paidPayment(order);
    if (order.status !== "PAID" || !payment) throw invalidRequest("order_id_not_paid", "order is not paid, refunds are not allowed");
    if (this.state.findRefund(args.refundId)) {
      throw invalidRequest("refund_id_invalid", "refund with the same refund_id is already present", 409);
    }
    const refundedPaise = order.refunds.filter((r) => !isRefundVoid(r.status)).reduce((sum, r) => sum + r.amountPaise, 0);
    if (refundedPaise + args.amountPaise > payment.amountPaise) {
      throw invalidRequest("refund_amount_invalid", "refund_amount : exceeds the refundable amount of the order");
    }
    const refund: EmulatorRefund = {
      cfRefundId: this.state.numericId(),
      refundId: args.refundId,
      orderId: order.orderId,
      cfPaymentId: payment.cfPaymentId,
      amountPaise: args.amountPaise,
      status: "PENDING",
      note: args.note,
      speed: args.speed,
      arn: null,
      createdAtMs: Date.now(),
      processedAtMs: null,
      eventIds: [],
    };
    order.refunds.push(refund);
    const delayMs = this.state.config.refundSettleDelayMs;
    if (delayMs !== null) {
      const timer = setTimeout(() => {
        this.refundTimers.delete(timer);
        if (refund.status === "PENDING" && this.state.orders.get(order.orderId) === order) this.settleRefund(order, refund, "SUCCESS");
      }, delayMs);
      this.refundTimers.add(timer);
    }
    return refund;
  }

  /**
   * Moves a refund on and sends its REFUND_STATUS_WEBHOOK: to a final status (SUCCESS, CANCELLED, FAILED) from
   * PENDING or ONHOLD, or to ONHOLD (not final, not processed) from PENDING. Anything else is a 409.
   */
  settleRefund(order: EmulatorOrder, refund: EmulatorRefund, status: Exclude<RefundStatus, "PENDING">, deliver = true) {
    const movable = status === "ONHOLD" ? refund.status === "PENDING" : refund.status === "PENDING" || refund.status === "ONHOLD";
    if (!movable) throw invalidRequest("refund_invalid", `refund is already ${refund.status}`, 409);
    refund.status = status;
    if (status !== "ONHOLD") refund.processedAtMs = Date.now();
    if (status === "SUCCESS") refund.arn = randomDigits(12);
    const event = this.sender.createEvent({
      type: "REFUND_STATUS_WEBHOOK",
      orderId: order.orderId,
      refundId: refund.refundId,
      payload: refundWebhookPayload(refund, Date.now()),
    });
    refund.eventIds.push(event.eventId);
    const url = this.notifyUrl(order);
    const firstDelivery = deliver && url ? this.sender.deliverWithRetries(event, url) : null;
    return { refund, event, firstDelivery };
  }

  /** A customer's bank opens a dispute on the order's paid payment (DISPUTE_CREATED). */
  raiseDispute(
    order: EmulatorOrder,
    args: { amountPaise?: number; type: DisputeType; reasonCode: string; reasonDescription: string; respondByMs?: number; deliver?: boolean },
  ): DisputeChange {
    const payment = paidPayment(order);
    if (order.status !== "PAID" || !payment) throw invalidRequest("order_id_not_paid", "order is not paid, it cannot be disputed", 409);
    const amountPaise = args.amountPaise ?? payment.amountPaise;
    if (amountPaise <= 0 || amountPaise > payment.amountPaise) {
      throw invalidRequest("request_failed", "amount : must be positive and at most the payment amount");
    }
    const now = Date.now();
    const dispute: EmulatorDispute = {
      cfDisputeId: this.state.numericId(),
      orderId: order.orderId,
      cfPaymentId: payment.cfPaymentId,
      type: args.type,
      amountPaise,
      reasonCode: args.reasonCode,
      reasonDescription: args.reasonDescription,
      status: `${args.type}_CREATED`,
      remarks: "Dispute is created, please take action",
      actionOn: "MERCHANT",
      respondByMs: args.respondByMs ?? now + 7 * DAY_MS,
      createdAtMs: now,
      updatedAtMs: now,
      resolvedAtMs: null,
      evidence: [],
      eventIds: [],
    };
    order.disputes.push(dispute);
    return this.emitDisputeWebhook(order, dispute, "DISPUTE_CREATED", args.deliver ?? true);
  }

  /** Merchant accepts (Accept Dispute API): Cashfree closes it as <type>_MERCHANT_ACCEPTED. */
  acceptDispute(order: EmulatorOrder, dispute: EmulatorDispute, deliver = true): DisputeChange {
    this.assertOpenForMerchant(dispute);
    dispute.status = `${dispute.type}_MERCHANT_ACCEPTED`;
    dispute.remarks = "Dispute accepted by merchant";
    return this.closeWith(order, dispute, deliver);
  }

  /** Merchant contests (Submit Evidence API): the document is recorded, the dispute moves to <type>_DOCS_RECEIVED. */
  submitDisputeEvidence(order: EmulatorOrder, dispute: EmulatorDispute, evidence: Omit<DisputeEvidence, "documentId">, deliver = true): DisputeChange {
    this.assertOpenForMerchant(dispute, true);
    dispute.evidence.push({ ...evidence, documentId: Number(this.state.numericId()) });
    dispute.status = `${dispute.type}_DOCS_RECEIVED`;
    dispute.remarks = "Documents received, under review";
    dispute.actionOn = "CASHFREE";
    return this.emitDisputeWebhook(order, dispute, "DISPUTE_UPDATED", deliver, "STATUS_UPDATE");
  }

  /** The bank decides (control API only): <type>_MERCHANT_WON or _MERCHANT_LOST, DISPUTE_CLOSED. */
  closeDispute(order: EmulatorOrder, dispute: EmulatorDispute, outcome: "won" | "lost", deliver = true): DisputeChange {
    if (dispute.resolvedAtMs !== null) throw invalidRequest("dispute_closed", `dispute is already ${dispute.status}`, 409);
    dispute.status = `${dispute.type}_MERCHANT_${outcome === "won" ? "WON" : "LOST"}`;
    dispute.remarks = outcome === "won" ? "Dispute won by merchant" : "Dispute lost by merchant";
    return this.closeWith(order, dispute, deliver);
  }

  notifyUrl(order: EmulatorOrder): string | null {
    return order.notifyUrl ?? this.defaultNotifyUrl;
  }

  cancelTimers(): void {
    for (const timer of this.refundTimers) clearTimeout(timer);
    this.refundTimers.clear();
    this.sender.cancelAll();
  }

  private assertOpenForMerchant(dispute: EmulatorDispute, allowDocsReceived = false): void {
    if (dispute.resolvedAtMs !== null) throw invalidRequest("dispute_closed", `dispute is already ${dispute.status}`, 409);
    const open = dispute.status.endsWith("_CREATED") || (allowDocsReceived && dispute.status.endsWith("_DOCS_RECEIVED"));
    if (!open) throw invalidRequest("dispute_action_not_allowed", `dispute is ${dispute.status}, no merchant action is allowed`, 409);
  }

  private closeWith(order: EmulatorOrder, dispute: EmulatorDispute, deliver: boolean): DisputeChange {
    const now = Date.now();
    dispute.resolvedAtMs = now;
    dispute.actionOn = "CASHFREE";
    return this.emitDisputeWebhook(order, dispute, "DISPUTE_CLOSED", deliver);
  }

  private emitDisputeWebhook(order: EmulatorOrder, dispute: EmulatorDispute, type: DisputeWebhookType, deliver: boolean, update?: "STATUS_UPDATE"): DisputeChange {
    const now = Date.now();
    dispute.updatedAtMs = now;
    const event = this.sender.createEvent({
      type,
      orderId: order.orderId,
      disputeId: dispute.cfDisputeId,
      payload: disputeWebhookPayload(order, dispute, type, now, update),
    });
    dispute.eventIds.push(event.eventId);
    const url = this.notifyUrl(order);
    const firstDelivery = deliver && url ? this.sender.deliverWithRetries(event, url) : null;
    return { dispute, event, firstDelivery };
  }

  private emitPaymentWebhook(order: EmulatorOrder, payment: EmulatorPayment, deliver: boolean): SettledPayment {
    // Cashfree sends no webhook while a payment is PENDING.
    if (payment.status === "PENDING") return { payment, event: null, firstDelivery: null, linkEvent: null };
    const type = PAYMENT_WEBHOOK_TYPE[payment.status];
    const event = this.sender.createEvent({
      type,
      orderId: order.orderId,
      cfPaymentId: payment.cfPaymentId,
      payload: paymentWebhookPayload(order, payment, type, Date.now()),
    });
    payment.eventIds.push(event.eventId);
    const url = this.notifyUrl(order);
    const firstDelivery = deliver && url ? this.sender.deliverWithRetries(event, url) : null;
    return { payment, event, firstDelivery, linkEvent: recordLinkPayment(this, order, payment, deliver) };
  }
}
