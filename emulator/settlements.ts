import { paiseToRupees, toIstIso } from "./format";
import { invalidRequest } from "./http";
import { randomDigits, type EmulatorOrder, type EmulatorState } from "./state";

/** One line of Cashfree's settlement recon: a payment credited, or a refund debited, in a settlement. */
export type SettlementEvent = {
  eventId: string;
  type: "PAYMENT" | "REFUND";
  orderId: string;
  orderAmountPaise: number;
  cfPaymentId: string;
  refundId: string | null;
  refundArn: string | null;
  /** The payment's (or refund's) own amount. */
  amountPaise: number;
  serviceChargePaise: number;
  serviceTaxPaise: number;
  /** What the event adds to (payment) or takes from (refund, positive here) the settlement. */
  settlementAmountPaise: number;
  eventTimeMs: number;
  customer: { name: string | null; email: string | null; phone: string | null };
};

export type EmulatorSettlement = {
  cfSettlementId: string;
  utr: string;
  settledAtMs: number;
  events: SettlementEvent[];
};

export const GST_ON_FEES_PERCENT = 18;

/** Fee and the GST on it, in paise, rounded half up (as Cashfree's two-decimal amounts are). */
export function feeOf(amountPaise: number, feeBps: number): { chargePaise: number; taxPaise: number } {
  const chargePaise = Math.round((amountPaise * feeBps) / 10_000);
  return { chargePaise, taxPaise: Math.round((chargePaise * GST_ON_FEES_PERCENT) / 100) };
}

function customerOf(order: EmulatorOrder) {
  return { name: order.customer.customer_name, email: order.customer.customer_email, phone: order.customer.customer_phone };
}

/**
 * Puts every due, unsettled SUCCESS payment and SUCCESS refund into one new settlement (a UTR, a settlement id,
 * settled now). Called before every settlement read, so no timer is needed and reads are deterministic.
 */
export function settleDue(state: EmulatorState, nowMs: number): EmulatorSettlement | null {
  const { config } = state;
  const delayMs = config.settlementDelayMs;
  if (delayMs === null) return null;
  const due = (atMs: number | null) => atMs !== null && atMs + delayMs <= nowMs;
  const events: SettlementEvent[] = [];
  for (const order of state.orders.values()) {
    for (const payment of order.payments) {
      const key = `payment:${payment.cfPaymentId}`;
      if (payment.status !== "SUCCESS" || state.settledKeys.has(key) || !due(payment.completedAtMs)) continue;
      state.settledKeys.add(key);
      const { chargePaise, taxPaise } = feeOf(payment.amountPaise, config.settlementFeeBps);
      events.push({
        eventId: state.numericId(),
        type: "PAYMENT",
        orderId: order.orderId,
        orderAmountPaise: order.amountPaise,
        cfPaymentId: payment.cfPaymentId,
        refundId: null,
        refundArn: null,
        amountPaise: payment.amountPaise,
        serviceChargePaise: chargePaise,
        serviceTaxPaise: taxPaise,
        settlementAmountPaise: payment.amountPaise - chargePaise - taxPaise,
        eventTimeMs: payment.completedAtMs ?? nowMs,
        customer: customerOf(order),
      });
    }
    for (const refund of order.refunds) {
      const key = `refund:${refund.refundId}`;
      if (refund.status !== "SUCCESS" || state.settledKeys.has(key) || !due(refund.processedAtMs)) continue;
      state.settledKeys.add(key);
      events.push(refundEvent(state, order, refund.cfPaymentId, refund.refundId, refund.amountPaise, refund.arn, refund.processedAtMs ?? nowMs));
    }
  }
  if (events.length === 0) return null;
  const settlement = { cfSettlementId: state.numericId(), utr: `CFUTR${randomDigits(12)}`, settledAtMs: nowMs, events };
  state.settlements.push(settlement);
  return settlement;
}

export function refundEvent(
  state: EmulatorState,
  order: Pick<EmulatorOrder, "orderId" | "amountPaise"> & Partial<Pick<EmulatorOrder, "customer">>,
  cfPaymentId: string,
  refundId: string,
  amountPaise: number,
  arn: string | null,
  atMs: number,
): SettlementEvent {
  return {
    eventId: state.numericId(),
    type: "REFUND",
    orderId: order.orderId,
    orderAmountPaise: order.amountPaise,
    cfPaymentId,
    refundId,
    refundArn: arn,
    amountPaise,
    serviceChargePaise: 0,
    serviceTaxPaise: 0,
    settlementAmountPaise: amountPaise,
    eventTimeMs: atMs,
    customer: order.customer ? customerOf(order as EmulatorOrder) : { name: null, email: null, phone: null },
  };
}

export function findEvent(state: EmulatorState, match: (event: SettlementEvent) => boolean): { settlement: EmulatorSettlement; event: SettlementEvent } | null {
  for (const settlement of state.settlements) {
    const event = settlement.events.find(match);
    if (event) return { settlement, event };
  }
  return null;
}

/** A settlement recon line (Settlement Reconciliation API, version 2025-01-01 field names). */
export function reconEventJson(settlement: EmulatorSettlement, event: SettlementEvent) {
  const payment = event.type === "PAYMENT";
  return {
    adjustment_remarks: null,
    cf_payment_id: event.cfPaymentId,
    cf_settlement_id: settlement.cfSettlementId,
    closed_in_favor_of: null,
    customer_email: event.customer.email,
    customer_name: event.customer.name,
    customer_phone: event.customer.phone,
    dispute_category: null,
    dispute_note: null,
    dispute_resolved_on: null,
    entity: "recon",
    event_amount: paiseToRupees(event.amountPaise),
    event_currency: "INR",
    event_id: event.eventId,
    event_settlement_amount: paiseToRupees(event.settlementAmountPaise),
    event_status: "SUCCESS",
    event_time: toIstIso(event.eventTimeMs),
    event_type: event.type,
    order_amount: paiseToRupees(event.orderAmountPaise),
    order_id: event.orderId,
    payment_amount: payment ? paiseToRupees(event.amountPaise) : null,
    payment_service_charge: paiseToRupees(event.serviceChargePaise),
    payment_service_tax: paiseToRupees(event.serviceTaxPaise),
    payment_time: payment ? toIstIso(event.eventTimeMs) : null,
    payment_utr: null,
    refund_arn: event.refundArn,
    refund_id: event.refundId,
    refund_note: null,
    refund_processed_at: payment ? null : toIstIso(event.eventTimeMs),
    sale_type: payment ? "CREDIT" : "DEBIT",
    settlement_date: toIstIso(settlement.settledAtMs),
    settlement_utr: settlement.utr,
    split_service_charge: 0,
    split_service_tax: 0,
    vendor_commission: 0,
  };
}

/** A settlement summary (Get All Settlements). */
export function settlementJson(settlement: EmulatorSettlement) {
  const sum = (pick: (e: SettlementEvent) => number, type?: SettlementEvent["type"]) =>
    settlement.events.filter((e) => !type || e.type === type).reduce((total, e) => total + pick(e), 0);
  const credits = sum((e) => e.amountPaise, "PAYMENT");
  const charge = sum((e) => e.serviceChargePaise);
  const tax = sum((e) => e.serviceTaxPaise);
  const refunds = sum((e) => e.amountPaise, "REFUND");
  const settled = sum((e) => e.settlementAmountPaise, "PAYMENT") - sum((e) => e.settlementAmountPaise, "REFUND");
  const times = settlement.events.map((e) => e.eventTimeMs);
  return {
    adjustment: paiseToRupees(-refunds),
    amount_settled: paiseToRupees(settled),
    cf_settlement_id: settlement.cfSettlementId,
    payment_amount: paiseToRupees(credits),
    payment_from: toIstIso(Math.min(...times)),
    payment_till: toIstIso(Math.max(...times)),
    reason: null,
    remarks: null,
    service_charge: paiseToRupees(charge),
    service_tax: paiseToRupees(tax),
    settled_on: toIstIso(settlement.settledAtMs),
    settlement_amount: paiseToRupees(settled),
    settlement_charge: 0,
    settlement_tax: 0,
    settlement_type: "NORMAL_SETTLEMENT",
    settlement_utr: settlement.utr,
    status: "SUCCESS",
  };
}

/** Get Settlements by Order ID: the order's payment settlement (SettlementEntity). */
export function orderSettlementJson(settlement: EmulatorSettlement, event: SettlementEvent) {
  return {
    cf_payment_id: event.cfPaymentId,
    cf_settlement_id: settlement.cfSettlementId,
    entity: "settlement",
    order_amount: paiseToRupees(event.orderAmountPaise),
    order_currency: "INR",
    order_id: event.orderId,
    payment_time: toIstIso(event.eventTimeMs),
    service_charge: paiseToRupees(event.serviceChargePaise),
    service_tax: paiseToRupees(event.serviceTaxPaise),
    settlement_amount: paiseToRupees(event.settlementAmountPaise),
    settlement_currency: "INR",
    transfer_id: Number(settlement.cfSettlementId),
    transfer_time: toIstIso(settlement.settledAtMs),
    transfer_utr: settlement.utr,
  };
}

export const settlementNotFound = () => invalidRequest("settlement_not_found", "settlement not found for the given order_id", 404);
