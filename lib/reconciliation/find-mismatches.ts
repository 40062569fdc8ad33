import { isGstOnFee } from "@/lib/gst/gst-on-fee";
import { formatInr } from "@/lib/money/format-inr";

export const MISMATCH_KINDS = ["not_settled", "unknown_settlement", "amount_mismatch", "refund_missing_at_cashfree", "refund_missing_here"] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/** A PAID order of the period, as Khata recorded it. */
export interface PaidOrder {
  orderId: string;
  /** The Cashfree order of its payment when it is not ours (a pay-in's `CFPay_…`; cashfreeOrderIdOf). */
  cfOrderId?: string;
  cfPaymentId: string | null;
  amountPaise: bigint;
  paidAt: Date;
}

/** A refund Khata completed in the period (`refunds.status = 'succeeded'`). */
export interface SucceededRefund {
  refundId: string;
  orderId: string;
  amountPaise: bigint;
  completedAt: Date;
}

/** One of Cashfree's settlement recon lines, amounts in paise (null when Cashfree sent none or a fraction of a paisa). */
export interface ReconLine {
  eventType: string;
  orderId: string | null;
  cfPaymentId: string | null;
  refundId: string | null;
  amountPaise: bigint | null;
  settlementAmountPaise: bigint | null;
  serviceChargePaise: bigint;
  serviceTaxPaise: bigint;
  eventTime: Date | null;
  cfSettlementId: string | null;
  utr: string | null;
}

export interface Mismatch {
  kind: MismatchKind;
  orderId: string | null;
  cfPaymentId: string | null;
  refundId: string | null;
  cfSettlementId: string | null;
  settlementUtr: string | null;
  expectedPaise: bigint | null;
  actualPaise: bigint | null;
  detail: string;
}

export interface MatchInput {
  period: { from: Date; to: Date };
  now: Date;
  /** How long Cashfree may take to settle: younger payments and refunds without a settlement are not yet missing. */
  settlementGraceMs: number;
  orders: PaidOrder[];
  refunds: SucceededRefund[];
  lines: ReconLine[];
  /** cf_payment_ids of lines that belong to PAID orders of another period (not unknown, only not ours to check). */
  paymentsKnownElsewhere: ReadonlySet<string>;
  /** refund ids of lines that are succeeded refunds of another period. */
  refundsKnownElsewhere: ReadonlySet<string>;
}

const inPeriod = (time: Date | null, period: MatchInput["period"]) => time !== null && time >= period.from && time < period.to;
const rupees = (paise: bigint | null) => (paise === null ? "no amount" : formatInr(paise));

/**
 * Matches Khata's PAID orders and succeeded refunds of a period against Cashfree's recon lines (pure; the run
 * fetches both). A payment is matched by cf_payment_id (else order id) in every line fetched, whatever its
 * event time, so a payment near midnight matches across the boundary; a line Khata cannot place is reported
 * only by the run whose period holds its event time, so each is reported once.
 */
export function findMismatches(input: MatchInput): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const payments = input.lines.filter((l) => l.eventType === "PAYMENT");
  const refundLines = input.lines.filter((l) => l.eventType === "REFUND");
  const due = (time: Date) => time.getTime() + input.settlementGraceMs <= input.now.getTime();
  const base = (line: ReconLine | null) => ({
    cfSettlementId: line?.cfSettlementId ?? null,
    settlementUtr: line?.utr ?? null,
  });

  const matchedLines = new Set<ReconLine>();
  for (const order of input.orders) {
    const line =
      payments.find((l) => order.cfPaymentId !== null && l.cfPaymentId === order.cfPaymentId) ??
      payments.find((l) => l.orderId === (order.cfOrderId ?? order.orderId) && !matchedLines.has(l));
    const ids = { orderId: order.orderId, cfPaymentId: order.cfPaymentId, refundId: null };
    if (!line) {
      if (due(order.paidAt)) {
        mismatches.push({ kind: "not_settled", ...ids, ...base(null), expectedPaise: order.amountPaise, actualPaise: null, detail: `paid ${rupees(order.amountPaise)} here; no settlement at Cashfree` });
      }
      continue;
    }
    matchedLines.add(line);
    const problems = paymentProblems(order.amountPaise, line);
    if (problems.length > 0) {
      mismatches.push({ kind: "amount_mismatch", ...ids, ...base(line), expectedPaise: order.amountPaise, actualPaise: line.amountPaise, detail: problems.join("; ") });
    }
  }

  for (const line of payments) {
    if (matchedLines.has(line) || !inPeriod(line.eventTime, input.period)) continue;
    if (line.cfPaymentId !== null && input.paymentsKnownElsewhere.has(line.cfPaymentId)) continue;
    mismatches.push({
      kind: "unknown_settlement",
      orderId: line.orderId,
      cfPaymentId: line.cfPaymentId,
      refundId: null,
      ...base(line),
      expectedPaise: null,
      actualPaise: line.amountPaise,
      detail: `Cashfree settled ${rupees(line.amountPaise)} for a payment Khata has no PAID order for`,
    });
  }

  const matchedRefunds = new Set<ReconLine>();
  for (const refund of input.refunds) {
    const line = refundLines.find((l) => l.refundId === refund.refundId);
    const ids = { orderId: refund.orderId, cfPaymentId: line?.cfPaymentId ?? null, refundId: refund.refundId };
    if (!line) {
      if (due(refund.completedAt)) {
        mismatches.push({ kind: "refund_missing_at_cashfree", ...ids, ...base(null), expectedPaise: refund.amountPaise, actualPaise: null, detail: `refund of ${rupees(refund.amountPaise)} completed here; not in Cashfree's settlements` });
      }
      continue;
    }
    matchedRefunds.add(line);
    if (line.amountPaise !== refund.amountPaise) {
      mismatches.push({ kind: "amount_mismatch", ...ids, ...base(line), expectedPaise: refund.amountPaise, actualPaise: line.amountPaise, detail: `refund of ${rupees(refund.amountPaise)} here, ${rupees(line.amountPaise)} at Cashfree` });
    }
  }
  for (const line of refundLines) {
    if (matchedRefunds.has(line) || !inPeriod(line.eventTime, input.period)) continue;
    if (line.refundId !== null && input.refundsKnownElsewhere.has(line.refundId)) continue;
    mismatches.push({
      kind: "refund_missing_here",
      orderId: line.orderId,
      cfPaymentId: line.cfPaymentId,
      refundId: line.refundId,
      ...base(line),
      expectedPaise: null,
      actualPaise: line.amountPaise,
      detail: `Cashfree debited a refund of ${rupees(line.amountPaise)} that Khata has not completed`,
    });
  }
  return mismatches;
}

/** What is wrong with a payment's settlement line: its amount, its fee arithmetic, the GST on the fee, its UTR. */
function paymentProblems(expectedPaise: bigint, line: ReconLine): string[] {
  const problems: string[] = [];
  if (line.amountPaise !== expectedPaise) problems.push(`paid ${rupees(expectedPaise)} here, ${rupees(line.amountPaise)} at Cashfree`);
  const fee = line.serviceChargePaise;
  const tax = line.serviceTaxPaise;
  if (line.amountPaise !== null && line.settlementAmountPaise !== line.amountPaise - fee - tax) {
    problems.push(`settled ${rupees(line.settlementAmountPaise)}, expected ${rupees(line.amountPaise - fee - tax)} (amount − fee ${rupees(fee)} − GST ${rupees(tax)})`);
  }
  if (!isGstOnFee(fee, tax)) problems.push(`GST ${rupees(tax)} is not 18 % of the fee ${rupees(fee)}`);
  if (!line.utr) problems.push("settlement has no UTR");
  return problems;
}
