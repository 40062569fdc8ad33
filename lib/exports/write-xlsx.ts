import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Cell, Column } from "./export-columns";
import { IST_OFFSET_MS } from "./export-columns";

const NUM_FMT: Record<Column["type"], string | undefined> = {
  text: undefined,
  datetime: "yyyy-mm-dd hh:mm:ss",
  date: "yyyy-mm-dd",
  rupees: "#,##0.00",
  integer: "0",
};

/**
 * A typed cell for the spreadsheet: rupees as a number (paise / 100; floats only at this edge, shown with 2
 * decimals), dates as Excel dates holding the IST wall-clock (a spreadsheet date has no time zone).
 */
export function xlsxCell(column: Column, cell: Cell): string | number | Date | null {
  if (cell === null || cell === undefined) return null;
  switch (column.type) {
    case "rupees":
      return Number(BigInt(cell as bigint | number)) / 100;
    case "integer":
      return Number(cell);
    case "datetime":
      return new Date((cell as Date).getTime() + IST_OFFSET_MS);
    case "date": {
      const [y, m, d] = String(cell).split("-").map(Number);
      return new Date(Date.UTC(y!, m! - 1, d!));
    }
    default:
      return String(cell);
  }
}

/**
 * One worksheet written row by row into `out` with exceljs' streaming WorkbookWriter (rows are flushed as they
 * are committed, nothing is kept per row). No shared strings table: it would grow with the rows.
 */
export function openXlsx(out: Writable, sheetName: string, columns: readonly Column[]) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width ?? Math.max(12, c.header.length + 2),
    style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    addRow(cells: readonly Cell[]) {
      sheet.addRow(columns.map((c, i) => xlsxCell(c, cells[i] ?? null))).commit();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
