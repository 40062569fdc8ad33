/**
 * Dates typed the way the app writes them ("02 Dec 2026"), instead of the browser's date input (mm/dd/yyyy in
 * an en-US browser). Also accepted: "2 dec 2026", "02/12/2026" (day first, as in India) and "2026-12-02".
 */
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const pad = (n: number) => String(n).padStart(2, "0");

function valid(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 9999 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The typed date as yyyy-mm-dd, "" for an empty field, or null when it is not a date. */
export function parseAppDate(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (s === "") return "";
  let m = /^(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!);
    return month < 0 ? null : valid(Number(m[3]), month + 1, Number(m[1]));
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return valid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** yyyy-mm-dd → "02 Dec 2026" ("" stays ""). */
export function formatAppDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1]!;
  return `${m[3]} ${month.charAt(0).toUpperCase()}${month.slice(1)} ${m[1]}`;
}
