import { describe, expect, it } from "vitest";
import { mismatchesCsv } from "./reconciliation-view";

const row = (over: Record<string, unknown>) =>
  ({
    id: 1n,
    runId: "rr_1",
    kind: "amount_mismatch",
    orderId: "cm_1",
    cfPaymentId: "123",
    refundId: null,
    cfSettlementId: "9",
    settlementUtr: "CFUTR1",
    expectedPaise: 100_000n,
    actualPaise: 99_901n,
    detail: "paid ₹1,000.00 here, ₹999.01 at Cashfree",
    createdAt: new Date(),
    ...over,
  }) as Parameters<typeof mismatchesCsv>[0][number];

describe("mismatchesCsv", () => {
  it("writes a header, rupees with two decimals, quotes what needs quoting, and defuses formulas", () => {
    const csv = mismatchesCsv([row({}), row({ kind: "unknown_settlement", orderId: "=HYPERLINK(1)", expectedPaise: null, actualPaise: 5n, detail: 'say "hi"\nthere' })]);
    expect(csv.split("\r\n")).toEqual([
      "kind,order_id,cf_payment_id,refund_id,cf_settlement_id,settlement_utr,expected_inr,actual_inr,detail",
      'amount_mismatch,cm_1,123,,9,CFUTR1,1000.00,999.01,"paid ₹1,000.00 here, ₹999.01 at Cashfree"',
      `unknown_settlement,'=HYPERLINK(1),123,,9,CFUTR1,,0.05,"say ""hi""\nthere"`,
      "",
    ]);
  });

  it("an empty run is the header alone", () => {
    expect(mismatchesCsv([])).toBe("kind,order_id,cf_payment_id,refund_id,cf_settlement_id,settlement_utr,expected_inr,actual_inr,detail\r\n");
  });
});
