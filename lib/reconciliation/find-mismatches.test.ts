import { describe, expect, it } from "vitest";
import { findMismatches, type MatchInput, type ReconLine } from "./find-mismatches";

const from = new Date("2026-12-01T18:30:00Z");
const to = new Date("2026-12-02T18:30:00Z");
const inside = new Date("2026-12-02T06:00:00Z");
const HOUR = 3600_000;

const line = (over: Partial<ReconLine> = {}): ReconLine => ({
  eventType: "PAYMENT",
  orderId: "cm_1",
  cfPaymentId: "p1",
  refundId: null,
  amountPaise: 100_000n,
  settlementAmountPaise: 97_699n,
  serviceChargePaise: 1950n,
  serviceTaxPaise: 351n,
  eventTime: inside,
  cfSettlementId: "s1",
  utr: "CFUTR1",
  ...over,
});

const input = (over: Partial<MatchInput> = {}): MatchInput => ({
  period: { from, to },
  now: new Date(to.getTime() + 10 * 24 * HOUR),
  settlementGraceMs: 4 * 24 * HOUR,
  orders: [{ orderId: "cm_1", cfPaymentId: "p1", amountPaise: 100_000n, paidAt: inside }],
  refunds: [],
  lines: [line()],
  paymentsKnownElsewhere: new Set(),
  refundsKnownElsewhere: new Set(),
  ...over,
});

const kinds = (over: Partial<MatchInput>) => findMismatches(input(over)).map((m) => m.kind);

describe("findMismatches", () => {
  it("a settled payment with the right fee arithmetic is no mismatch", () => {
    expect(kinds({})).toEqual([]);
  });

  it.each<[string, Partial<ReconLine>, string]>([
    ["a different payment amount", { amountPaise: 99_900n, settlementAmountPaise: 99_900n - 2301n }, "paid ₹1,000.00 here, ₹999.00 at Cashfree"],
    ["a settled amount that is not amount − fee − GST", { settlementAmountPaise: 90_000n }, "settled ₹900.00, expected ₹976.99"],
    ["GST that is not 18 % of the fee", { serviceTaxPaise: 200n, settlementAmountPaise: 100_000n - 1950n - 200n }, "GST ₹2.00 is not 18 % of the fee ₹19.50"],
    ["no UTR", { utr: null }, "settlement has no UTR"],
  ])("%s → amount_mismatch", (_label, over, detail) => {
    const [mismatch, ...rest] = findMismatches(input({ lines: [line(over)] }));
    expect(rest).toEqual([]);
    expect(mismatch).toMatchObject({ kind: "amount_mismatch", orderId: "cm_1", cfPaymentId: "p1" });
    expect(mismatch!.detail).toContain(detail);
  });

  it("a pay-in's line without a payment id matches by its paying CFPay order, not by our id", () => {
    const payIn = { orderId: "cm_1", cfOrderId: "CFPay_abc_1", cfPaymentId: "p9", amountPaise: 100_000n, paidAt: inside };
    expect(kinds({ orders: [payIn], lines: [line({ orderId: "CFPay_abc_1", cfPaymentId: null })] })).toEqual([]);
    expect(kinds({ orders: [payIn], lines: [line({ orderId: "cm_1", cfPaymentId: null })] })).toContain("not_settled");
  });

  it("a GST one paisa off (Cashfree's rounding) is accepted", () => {
    expect(kinds({ lines: [line({ serviceTaxPaise: 352n, settlementAmountPaise: 97_698n })] })).toEqual([]);
  });

  it("an unsettled payment is missing only once the grace has passed", () => {
    expect(kinds({ lines: [] })).toEqual(["not_settled"]);
    expect(kinds({ lines: [], now: new Date(inside.getTime() + HOUR) })).toEqual([]);
  });

  it("matches by order id when Cashfree sent no payment id", () => {
    expect(kinds({ lines: [line({ cfPaymentId: null })] })).toEqual([]);
  });

  it("a line outside the period's event times is another run's; one of a PAID order elsewhere is not unknown", () => {
    expect(kinds({ orders: [], lines: [line({ eventTime: new Date(from.getTime() - 1) })] })).toEqual([]);
    expect(kinds({ orders: [], lines: [line({ eventTime: to })] })).toEqual([]);
    expect(kinds({ orders: [], paymentsKnownElsewhere: new Set(["p1"]) })).toEqual([]);
    expect(kinds({ orders: [] })).toEqual(["unknown_settlement"]);
  });

  it("a payment paid just before midnight here matches its line whatever the line's event time", () => {
    expect(kinds({ lines: [line({ eventTime: new Date(to.getTime() + 5_000) })] })).toEqual([]);
  });

  it("refunds: missing at Cashfree (after the grace), missing here, amounts differ", () => {
    const refund = { refundId: "rf_1", orderId: "cm_1", amountPaise: 5000n, completedAt: inside };
    const refundLine = line({ eventType: "REFUND", refundId: "rf_1", amountPaise: 5000n, settlementAmountPaise: 5000n, serviceChargePaise: 0n, serviceTaxPaise: 0n });
    expect(kinds({ refunds: [refund], lines: [line(), refundLine] })).toEqual([]);
    expect(kinds({ refunds: [refund] })).toEqual(["refund_missing_at_cashfree"]);
    expect(kinds({ refunds: [refund], now: new Date(inside.getTime() + HOUR) })).toEqual([]);
    expect(kinds({ lines: [line(), refundLine] })).toEqual(["refund_missing_here"]);
    expect(kinds({ lines: [line(), refundLine], refundsKnownElsewhere: new Set(["rf_1"]) })).toEqual([]);
    expect(findMismatches(input({ refunds: [{ ...refund, amountPaise: 4000n }], lines: [line(), refundLine] }))).toEqual([
      expect.objectContaining({ kind: "amount_mismatch", refundId: "rf_1", expectedPaise: 4000n, actualPaise: 5000n }),
    ]);
  });
});
