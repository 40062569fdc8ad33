/**
 * Asia/Kolkata (IST) calendar helpers.
 *
 * IST is a fixed UTC+05:30 with no DST (and none since 1945), so we do the arithmetic with a
 * constant offset instead of Intl/tz data: shift the instant by +5:30 and read the UTC fields.
 * This is deterministic across Node/ICU versions (en-IN month names differ between ICU
 * releases, e.g. "Sep" vs "Sept", so we do not use Intl for formatting either).
 *
 * All ranges are HALF-OPEN: `startUtc` is inclusive, `endUtc` is EXCLUSIVE
 * (query with `at >= startUtc AND at < endUtc`).
 */

export const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

type IstParts = { year: number; month: number /* 1-12 */; day: number; hour: number; minute: number; second: number; ms: number };

function assertValid(date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError("Invalid Date");
}

function istParts(date: Date): IstParts {
  assertValid(date);
  const d = new Date(date.getTime() + IST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** The UTC instant of an IST wall-clock time. `month` is 1-12 and may overflow (Date.UTC semantics). */
function istWallToUtc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - IST_OFFSET_MS);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function daysInMonth(year: number, month: number /* 1-12 */): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `"2026-11"` — the IST calendar month containing `date`. */
export function istMonthKey(date: Date): string {
  const p = istParts(date);
  return `${String(p.year).padStart(4, "0")}-${pad2(p.month)}`;
}

const MONTH_KEY_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isIstMonthKey(s: string): boolean {
  return MONTH_KEY_RE.test(s);
}

/** `"2026-11"` → `[2026-10-31T18:30:00.000Z, 2026-11-30T18:30:00.000Z)`. Throws RangeError on a bad key. */
export function istMonthRange(monthKey: string): { startUtc: Date; endUtc: Date } {
  const m = MONTH_KEY_RE.exec(monthKey);
  if (!m) throw new RangeError(`Invalid month key ${JSON.stringify(monthKey)}; expected YYYY-MM`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  return { startUtc: istWallToUtc(year, month, 1), endUtc: istWallToUtc(year, month + 1, 1) };
}

/** `"2026-11-23"` — the IST calendar date of `date`. */
export function istDateString(date: Date): string {
  const p = istParts(date);
  return `${String(p.year).padStart(4, "0")}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** ISO 8601 in IST with its offset, `2026-12-05T10:00:00+05:30` (Cashfree's schedule dates are written so). */
export function istIsoString(date: Date): string {
  return new Date(date.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19) + "+05:30";
}

export type FinancialYear = {
  /** Four digits, start and end year's last two digits: FY 2026-27 → `"2627"`. */
  fy: string;
  /** 1 April 00:00 IST of the start year (inclusive). */
  startUtc: Date;
  /** 1 April 00:00 IST of the next year (EXCLUSIVE). */
  endUtc: Date;
};

/** Indian financial year (1 April – 31 March, IST) containing `date`. */
export function financialYearOf(date: Date): FinancialYear {
  const p = istParts(date);
  const startYear = p.month >= 4 ? p.year : p.year - 1;
  const fy = `${pad2(startYear % 100)}${pad2((startYear + 1) % 100)}`;
  return { fy, startUtc: istWallToUtc(startYear, 4, 1), endUtc: istWallToUtc(startYear + 1, 4, 1) };
}

/**
 * Same IST wall-clock time one calendar month later, clamping to the last day of the target
 * month: 31 Jan → 28 Feb (29 Feb in a leap year), 31 Mar → 30 Apr, 15 Dec 2026 → 15 Jan 2027.
 * A plan paid at `date` runs until (exclusive) `addOneMonthIst(date)`.
 */
export function addOneMonthIst(date: Date): Date {
  const p = istParts(date);
  const targetYear = p.month === 12 ? p.year + 1 : p.year;
  const targetMonth = p.month === 12 ? 1 : p.month + 1;
  const day = Math.min(p.day, daysInMonth(targetYear, targetMonth));
  return istWallToUtc(targetYear, targetMonth, day, p.hour, p.minute, p.second, p.ms);
}

/** `"23 Nov 2026"` (IST). */
export function formatIstDate(date: Date): string {
  const p = istParts(date);
  return `${pad2(p.day)} ${MONTHS_SHORT[p.month - 1]} ${p.year}`;
}

/** `"23 Nov 2026, 02:05 PM IST"` (IST, 12-hour clock). */
export function formatIstDateTime(date: Date): string {
  const p = istParts(date);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const ampm = p.hour < 12 ? "AM" : "PM";
  return `${formatIstDate(date)}, ${pad2(h12)}:${pad2(p.minute)} ${ampm} IST`;
}
