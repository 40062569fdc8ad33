/**
 * The typed cells of an export: each column says what it holds, and the CSV and XLSX writers render it
 * (lib/exports/write-csv.ts, write-xlsx.ts). Money is integer paise until here.
 */
export type ColumnType =
  /** Free text (ids, names, numbers like an invoice number). */
  | "text"
  /** An instant, shown as its IST date and time. */
  | "datetime"
  /** An IST calendar date, YYYY-MM-DD. */
  | "date"
  /** Integer paise, shown as rupees to 2 decimals. */
  | "rupees"
  /** A whole number (credits, counts). */
  | "integer";

export interface Column {
  header: string;
  type: ColumnType;
  /** XLSX column width in characters. */
  width?: number;
}

/** One cell: text for text/date columns, a Date for datetime, bigint (paise / credits) or number for the numbers. */
export type Cell = string | Date | bigint | number | null | undefined;

export const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** An instant as IST wall-clock, `YYYY-MM-DD HH:MM:SS`. */
export function istDateTimeText(date: Date): string {
  return new Date(date.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** Integer paise as a decimal rupee string with exactly 2 decimals, computed on integers (no float). */
export function paiseText(paise: bigint): string {
  const negative = paise < 0n;
  const abs = negative ? -paise : paise;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}
