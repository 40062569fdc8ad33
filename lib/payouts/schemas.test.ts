import { describe, expect, it } from "vitest";
import { listPayoutsQuerySchema, payoutIdParamsSchema, rejectPayoutSchema, requestPayoutSchema } from "./schemas";

const beneficiary = { name: "Asha Traders", account_number: "026291800001191", ifsc: "YESB0000262" };

describe("requestPayoutSchema", () => {
  it.each([
    ["HDFC0001234", true],
    ["hdfc0001234", true],
    ["SBIN0ABC12Z", true],
    ["HDFC1001234", false],
    ["HDF00001234", false],
    ["HDFC000123", false],
    ["HDFC00012345", false],
    ["HDFC0-01234", false],
  ])("IFSC %s → %s", (ifsc, ok) => {
    expect(requestPayoutSchema.safeParse({ credits: 10, beneficiary: { ...beneficiary, ifsc } }).success).toBe(ok);
  });

  it.each([
    ["123456789", true],
    ["123456789012345678", true],
    ["12345678", false],
    ["1234567890123456789", false],
    ["12345 6789", false],
    ["12345678a", false],
  ])("account number %s → %s", (accountNumber, ok) => {
    expect(requestPayoutSchema.safeParse({ credits: 10, beneficiary: { ...beneficiary, account_number: accountNumber } }).success).toBe(ok);
  });

  it("credits are whole and positive; names are letters; no unknown fields; no control characters in the note", () => {
    expect(requestPayoutSchema.parse({ credits: 5, beneficiary }).credits).toBe(5n);
    expect(requestPayoutSchema.parse({ credits: 5, beneficiary: { ...beneficiary, ifsc: "yesb0000262" } }).beneficiary.ifsc).toBe("YESB0000262");
    for (const credits of [0, -1, 1.5, "5", 1e308, null]) expect(requestPayoutSchema.safeParse({ credits, beneficiary }).success).toBe(false);
    expect(requestPayoutSchema.safeParse({ credits: 5, beneficiary: { ...beneficiary, name: "Robert'); drop" } }).success).toBe(false);
    expect(requestPayoutSchema.safeParse({ credits: 5, beneficiary, amount: 5 }).success).toBe(false);
    expect(requestPayoutSchema.safeParse({ credits: 5, beneficiary, note: "a\u0000b" }).success).toBe(false);
    expect(rejectPayoutSchema.safeParse({ reason: "x\u0000" }).success).toBe(false);
  });

  it("params and queries", () => {
    expect(payoutIdParamsSchema.safeParse({ payout_id: "po_0123abcd" }).success).toBe(true);
    expect(payoutIdParamsSchema.safeParse({ payout_id: "po_\u0000" }).success).toBe(false);
    expect(listPayoutsQuerySchema.parse({ status: "processed" })).toEqual({ status: "processed", limit: 50, offset: 0 });
    expect(listPayoutsQuerySchema.safeParse({ status: "paid" }).success).toBe(false);
  });
});
