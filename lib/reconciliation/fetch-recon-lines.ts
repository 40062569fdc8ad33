import type { CashfreeClient, CashfreeReconEvent } from "@/lib/cashfree";
import { rupeeAmountToPaise } from "@/lib/orders/settle-order";
import type { ReconLine } from "./find-mismatches";

const PAGE_LIMIT = 1000;
/** A bound on one run's reads (a million lines); beyond it the run fails loudly instead of looping. */
const MAX_PAGES = 1000;

/** Cashfree's amounts are rupees; a debit may come signed. Paise, or null when not a whole number of paise. */
const paiseOf = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : rupeeAmountToPaise(Math.abs(amount)));

export function reconLineOf(event: CashfreeReconEvent): ReconLine {
  const time = event.event_time ? new Date(event.event_time) : null;
  return {
    eventType: event.event_type,
    orderId: event.order_id ?? null,
    cfPaymentId: event.cf_payment_id ?? null,
    refundId: event.refund_id ?? null,
    amountPaise: paiseOf(event.event_amount),
    settlementAmountPaise: paiseOf(event.event_settlement_amount),
    serviceChargePaise: paiseOf(event.payment_service_charge) ?? 0n,
    serviceTaxPaise: paiseOf(event.payment_service_tax) ?? 0n,
    eventTime: time && !Number.isNaN(time.getTime()) ? time : null,
    cfSettlementId: event.cf_settlement_id ?? null,
    utr: event.settlement_utr ?? null,
  };
}

/** Every recon line of the settlements Cashfree made in [from, to], page by page (the cursor until it ends). */
export async function fetchReconLines(cashfree: CashfreeClient, window: { from: Date; to: Date }): Promise<ReconLine[]> {
  const lines: ReconLine[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await cashfree.getSettlementRecon({ startDate: window.from.toISOString(), endDate: window.to.toISOString(), limit: PAGE_LIMIT, cursor });
    lines.push(...answer.data.map(reconLineOf));
    cursor = answer.cursor ?? null;
    if (!cursor || answer.data.length === 0) return lines;
  }
  throw new Error(`Cashfree's settlement recon has more than ${MAX_PAGES} pages for ${window.from.toISOString()}–${window.to.toISOString()}`);
}
