import { describe, expect, it } from "vitest";
import {
  formatInvoiceNumber,
  InvoiceNumberError,
  invoiceNumberSchema,
  isValidFyCode,
  parseInvoiceNumber,
} from "./invoice-number";

describe("formatInvoiceNumber", () => {
  it.each<[string, number, string | undefined, string]>([
    ["2627", 1, undefined, "KH-2627-000001"],
    ["2627", 42, undefined, "KH-2627-000042"],
    ["2627", 999999, undefined, "KH-2627-999999"],
    ["2627", 1000000, undefined, "KH-2627-1000000"],
    ["2728", 1, undefined, "KH-2728-000001"],
    ["9900", 1, undefined, "KH-9900-000001"],
    ["2627", 1, "INV", "INV-2627-000001"],
    ["2627", 1, "KHT", "KHT-2627-000001"],
    ["2627", 1, "K2", "K2-2627-000001"],
    ["2627", 1, "A-B", "A-B-2627-000001"],
    ["2627", 1, "KHAT", "KHAT-2627-000001"], // exactly 16
  ])("(%s, %s, prefix %s) → %s", (fy, seq, prefix, expected) => {
    const out = formatInvoiceNumber(fy, seq, prefix === undefined ? {} : { prefix });
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(16);
    expect(out).toMatch(/^[A-Z0-9-]+$/);
  });

  it.each<[string, string, number, string | undefined]>([
    ["17 chars (long prefix)", "2627", 1, "KHATA"],
    ["17 chars (huge seq)", "2627", 10000000000, "KH"],
    ["lower-case prefix", "2627", 1, "kh"],
    ["slash in prefix", "2627", 1, "KH/"],
    ["empty prefix", "2627", 1, ""],
    ["leading hyphen", "2627", 1, "-KH"],
    ["double hyphen", "2627", 1, "K--H"],
    ["FY not consecutive", "2628", 1, undefined],
    ["FY too short", "262", 1, undefined],
    ["FY not digits", "26a7", 1, undefined],
    ["seq 0", "2627", 0, undefined],
    ["negative seq", "2627", -1, undefined],
    ["fractional seq", "2627", 1.5, undefined],
    ["NaN seq", "2627", Number.NaN, undefined],
    ["unsafe seq", "2627", 2 ** 53, undefined],
  ])("throws: %s", (_label, fy, seq, prefix) => {
    expect(() => formatInvoiceNumber(fy, seq, prefix === undefined ? {} : { prefix })).toThrow(InvoiceNumberError);
  });
});

describe("parseInvoiceNumber", () => {
  it.each<[string, { prefix: string; fy: string; seq: number } | null]>([
    ["KH-2627-000001", { prefix: "KH", fy: "2627", seq: 1 }],
    ["KH-2627-999999", { prefix: "KH", fy: "2627", seq: 999999 }],
    ["KH-2627-1000000", { prefix: "KH", fy: "2627", seq: 1000000 }],
    ["A-B-2627-000001", { prefix: "A-B", fy: "2627", seq: 1 }],
    ["INV-9900-000123", { prefix: "INV", fy: "9900", seq: 123 }],
    ["KH-2627-00001", null], // too few digits
    ["KH-2627-0000001", null], // non-canonical padding
    ["KH-2627-000000", null], // seq 0
    ["KH-2628-000001", null], // bad FY
    ["kh-2627-000001", null],
    ["KH2627000001", null],
    ["KH-2627-000001-", null],
    ["KHATAB-2627-000001", null], // 18 chars
    ["", null],
    ["-2627-000001", null],
  ])("%j → %j", (input, expected) => {
    expect(parseInvoiceNumber(input)).toEqual(expected);
  });

  it("round-trips", () => {
    for (const [fy, seq, prefix] of [["2627", 1, "KH"], ["2728", 123456, "KH"], ["0001", 7, "X-Y"]] as const) {
      const s = formatInvoiceNumber(fy, seq, { prefix });
      expect(parseInvoiceNumber(s)).toEqual({ prefix, fy, seq });
    }
  });
});

describe("invoiceNumberSchema", () => {
  it.each<[string, boolean]>([
    ["KH-2627-000001", true],
    ["INV-2728-123456", true],
    ["KH-2627-0001", false],
    ["KH/2627/000001", false],
    ["KH-2627-000001 ", false],
    ["KHATAB-2627-000001", false],
  ])("%j valid=%s", (input, ok) => {
    expect(invoiceNumberSchema.safeParse(input).success).toBe(ok);
  });

  it("rejects non-strings", () => {
    expect(invoiceNumberSchema.safeParse(1).success).toBe(false);
  });
});

describe("isValidFyCode", () => {
  it.each<[string, boolean]>([
    ["2627", true],
    ["9900", true],
    ["0001", true],
    ["2626", false],
    ["2726", false],
    ["26-27", false],
  ])("%s → %s", (fy, ok) => {
    expect(isValidFyCode(fy)).toBe(ok);
  });
});
