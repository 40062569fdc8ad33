import type { Cell, Column } from "./export-columns";
import { istDateTimeText, paiseText } from "./export-columns";

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =,+,-,@ in text is prefixed with ' (CSV injection). */
function field(value: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvCell(column: Column, cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  switch (column.type) {
    case "rupees":
      return paiseText(BigInt(cell as bigint | number));
    case "integer":
      return String(cell);
    case "datetime":
      return istDateTimeText(cell as Date);
    default:
      return field(String(cell), true);
  }
}

export function csvHeader(columns: readonly Column[]): string {
  return "\uFEFF" + columns.map((c) => field(c.header, false)).join(",") + "\r\n";
}

export function csvRow(columns: readonly Column[], cells: readonly Cell[]): string {
  return columns.map((c, i) => csvCell(c, cells[i] ?? null)).join(",") + "\r\n";
}
