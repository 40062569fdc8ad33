import { describe, expect, it } from "vitest";
import { defaultReceiptSuffix, formatReceiptNumber, receiptPartsFor, ReceiptNumberError } from "./receipt-number";

describe("receipt numbers", () => {
  it.each([
    ["2627", "/26-27"],
    ["9900", "/99-00"],
  ])("FY %s → default suffix %s", (fy, suffix) => expect(defaultReceiptSuffix(fy)).toBe(suffix));

  it.each([
    [{ prefix: "RCPT/", suffix: "/26-27" }, 1, "RCPT/1/26-27"],
    [{ prefix: "RCPT/", suffix: "/26-27" }, 99_999, "RCPT/99999/26-27"],
    [{ prefix: "", suffix: "" }, 42, "42"],
    [{ prefix: "R-", suffix: "" }, 1234567, "R-1234567"],
  ])("%o, %i → %s", (parts, seq, expected) => {
    const out = formatReceiptNumber(parts, seq);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(16);
  });

  it("refuses numbers over 16 characters and bad sequences", () => {
    expect(() => formatReceiptNumber({ prefix: "RCPT/", suffix: "/26-27" }, 100_000)).toThrow(ReceiptNumberError);
    expect(() => formatReceiptNumber({ prefix: "", suffix: "" }, 0)).toThrow(ReceiptNumberError);
    expect(() => formatReceiptNumber({ prefix: "", suffix: "" }, 1.5)).toThrow(ReceiptNumberError);
  });

  it("takes the configured prefix and suffix, the suffix defaulting to the FY", () => {
    expect(receiptPartsFor("2627", { RCPT_PREFIX: "RCPT/" })).toEqual({ prefix: "RCPT/", suffix: "/26-27" });
    expect(receiptPartsFor("2627", { RCPT_PREFIX: "R", RCPT_SUFFIX: "-X" })).toEqual({ prefix: "R", suffix: "-X" });
  });
});
