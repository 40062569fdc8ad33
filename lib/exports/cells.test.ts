import { describe, expect, it } from "vitest";
import { istDateTimeText, paiseText, type Column } from "./export-columns";
import { csvCell, csvHeader, csvRow } from "./write-csv";
import { xlsxCell } from "./write-xlsx";

const col = (type: Column["type"]): Column => ({ header: "h", type });

describe("export cells", () => {
  it.each([
    [0n, "0.00"],
    [1n, "0.01"],
    [99n, "0.99"],
    [100n, "1.00"],
    [423728n, "4237.28"],
    [-10000n, "-100.00"],
    [-5n, "-0.05"],
    [999999999999n, "9999999999.99"],
  ])("%s paise → ₹ %s (integers only)", (paise, text) => {
    expect(paiseText(paise)).toBe(text);
    expect(csvCell(col("rupees"), paise)).toBe(text);
  });

  it("CSV quotes commas, quotes and line breaks, and defuses formulas in text", () => {
    expect(csvCell(col("text"), 'Top-up, "quoted"')).toBe('"Top-up, ""quoted"""');
    expect(csvCell(col("text"), "two\nlines")).toBe('"two\nlines"');
    expect(csvCell(col("text"), "=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(col("text"), "@sum")).toBe("'@sum");
    expect(csvCell(col("integer"), -3n)).toBe("-3");
    expect(csvCell(col("text"), null)).toBe("");
    expect(csvHeader([{ header: "Amount (₹)", type: "rupees" }])).toBe("\uFEFFAmount (₹)\r\n");
    expect(csvRow([col("integer"), col("rupees")], [5n, 150n])).toBe("5,1.50\r\n");
  });

  it("times are IST wall-clock, in CSV text and as the XLSX date", () => {
    const at = new Date("2026-03-31T18:29:59.000Z");
    expect(istDateTimeText(at)).toBe("2026-03-31 23:59:59");
    expect(csvCell(col("datetime"), at)).toBe("2026-03-31 23:59:59");
    expect((xlsxCell(col("datetime"), at) as Date).toISOString()).toBe("2026-03-31T23:59:59.000Z");
    expect((xlsxCell(col("date"), "2026-11-01") as Date).toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("XLSX numbers are numbers: rupees from paise, integers from bigint", () => {
    expect(xlsxCell(col("rupees"), 423728n)).toBe(4237.28);
    expect(xlsxCell(col("rupees"), -1n)).toBe(-0.01);
    expect(xlsxCell(col("integer"), 1_000_000n)).toBe(1_000_000);
    expect(xlsxCell(col("text"), "KI-2627-000001")).toBe("KI-2627-000001");
    expect(xlsxCell(col("rupees"), null)).toBeNull();
  });
});
