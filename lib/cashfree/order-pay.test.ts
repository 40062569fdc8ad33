import { describe, expect, it } from "vitest";
import { NETBANKING_BANKS, netbankingBankName } from "./netbanking-banks";
import { orderPayIdempotencyKey, payMethodSchema, toPaymentMethodObject, UPI_ID_PATTERN } from "./order-pay";

describe("Order Pay payment method objects", () => {
  it.each([
    ["payer@okaxis", true],
    ["first.last-1_x@ybl", true],
    ["a@b", false],
    ["x@okaxis", false],
    ["no-at-sign", false],
    ["name@bank1", false],
    ["name with space@okaxis", false],
  ])("UPI id %s valid: %s", (upiId, valid) => {
    expect(UPI_ID_PATTERN.test(upiId)).toBe(valid);
    expect(payMethodSchema.safeParse({ type: "upi_collect", upi_id: upiId }).success).toBe(valid);
  });

  it("accepts only bank codes from Cashfree's list", () => {
    expect(NETBANKING_BANKS).toHaveLength(86);
    expect(netbankingBankName(3044)).toBe("State Bank Of India");
    expect(payMethodSchema.safeParse({ type: "netbanking", bank_code: 3021 }).success).toBe(true);
    expect(payMethodSchema.safeParse({ type: "netbanking", bank_code: 3000 }).success).toBe(false);
    expect(payMethodSchema.safeParse({ type: "card" }).success).toBe(false);
  });

  it.each([
    [{ type: "upi_qr" }, { upi: { channel: "qrcode" } }, "pay:o1:upi-qrcode:1"],
    [{ type: "upi_collect", upi_id: "pp@okaxis" }, { upi: { channel: "collect", upi_id: "pp@okaxis" } }, "pay:o1:upi-collect:1"],
    [{ type: "upi_link" }, { upi: { channel: "link" } }, "pay:o1:upi-link:1"],
    [{ type: "netbanking", bank_code: 3044 }, { netbanking: { channel: "link", netbanking_bank_code: 3044 } }, "pay:o1:netbanking:1"],
  ] as const)("%j → Cashfree's object and its attempt key", (method, object, key) => {
    const parsed = payMethodSchema.parse(method);
    expect(toPaymentMethodObject(parsed)).toEqual(object);
    expect(orderPayIdempotencyKey("o1", parsed, 1)).toBe(key);
    expect(orderPayIdempotencyKey("o1", parsed, 2)).not.toBe(key);
  });
});
