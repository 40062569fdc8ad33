import { describe, expect, it } from "vitest";
import { formatCredits, formatInr, formatInrPlain, MoneyParseError, rupeesToPaise } from "./format-inr";

describe("formatInr", () => {
  it.each<[bigint, string]>([
    [0n, "₹0.00"],
    [1n, "₹0.01"],
    [10n, "₹0.10"],
    [99n, "₹0.99"],
    [100n, "₹1.00"],
    [99999n, "₹999.99"],
    [100000n, "₹1,000.00"],
    [500000n, "₹5,000.00"],
    [1000000n, "₹10,000.00"],
    [10000000n, "₹1,00,000.00"],
    [123456789n, "₹12,34,567.89"],
    [1000000000n, "₹1,00,00,000.00"],
    [123456789012n, "₹1,23,45,67,890.12"],
    [-500n, "-₹5.00"],
    [-1n, "-₹0.01"],
    [-10000000n, "-₹1,00,000.00"],
  ])("%s paise → %s", (paise, expected) => {
    expect(formatInr(paise)).toBe(expected);
  });

  it.each<[bigint, string]>([
    [500000n, "5,000.00"],
    [-500n, "-5.00"],
  ])("formatInrPlain %s → %s", (paise, expected) => {
    expect(formatInrPlain(paise)).toBe(expected);
  });
});

describe("formatCredits", () => {
  it.each<[bigint, string]>([
    [0n, "0"],
    [7n, "7"],
    [999n, "999"],
    [1000n, "1,000"],
    [99999n, "99,999"],
    [100000n, "1,00,000"],
    [1234567n, "12,34,567"],
    [10000000n, "1,00,00,000"],
    [-1234n, "-1,234"],
  ])("%s → %s", (credits, expected) => {
    expect(formatCredits(credits)).toBe(expected);
  });
});

describe("rupeesToPaise", () => {
  it.each<[string, bigint]>([
    ["0", 0n],
    ["0.01", 1n],
    ["1", 100n],
    ["5.5", 550n],
    ["5.50", 550n],
    ["999.99", 99999n],
    ["1,000", 100000n],
    ["1,00,000", 10000000n],
    ["12,34,567.89", 123456789n],
    ["100,000", 10000000n],
    ["1,234,567.89", 123456789n],
    ["  42.10  ", 4210n],
    ["₹5,000.00", 500000n],
    ["₹ 1,234.50", 123450n],
    ["007", 700n],
    // far beyond float precision: must stay exact
    ["90071992547409.93", 9007199254740993n],
    ["123456789012345678.99", 12345678901234567899n],
  ])("%j → %s", (input, expected) => {
    expect(rupeesToPaise(input)).toBe(expected);
  });

  it.each<[string, string]>([
    ["", "empty"],
    ["   ", "empty"],
    ["₹", "empty"],
    ["-5", "negative"],
    ["1.234", "too_many_decimals"],
    ["999.999", "too_many_decimals"],
    ["0.001", "too_many_decimals"],
    ["1,0,0", "bad_grouping"],
    ["10,00", "bad_grouping"],
    ["1,00,00", "bad_grouping"],
    [",100", "bad_grouping"],
    ["100,", "bad_grouping"],
    ["1e3", "invalid_format"],
    ["abc", "invalid_format"],
    ["5.", "invalid_format"],
    [".5", "invalid_format"],
    ["1 000", "invalid_format"],
    ["+5", "invalid_format"],
    ["5..0", "invalid_format"],
    ["Infinity", "invalid_format"],
    ["NaN", "invalid_format"],
    ["0x10", "invalid_format"],
    ["１２", "invalid_format"], // full-width digits
  ])("%j throws %s", (input, code) => {
    let caught: unknown;
    try {
      rupeesToPaise(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MoneyParseError);
    expect((caught as MoneyParseError).code).toBe(code);
    expect((caught as MoneyParseError).input).toBe(input);
  });

  it("round-trips formatInr for a range of values", () => {
    for (const p of [0n, 1n, 99n, 100n, 12345n, 99999n, 10000000n, 123456789012n]) {
      expect(rupeesToPaise(formatInr(p))).toBe(p);
    }
  });
});
