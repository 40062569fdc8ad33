import { z } from "zod";
import { IST_OFFSET_MS } from "@/lib/money/ist";

/**
 * A period of IST calendar dates, `from` and `to` inclusive (YYYY-MM-DD), as the statement and the exports take it.
 * Either end may be open. `startUtc`/`endUtc` are the half-open UTC instants [from 00:00 IST, day after `to` 00:00
 * IST), null when open.
 */
export interface IstPeriod {
  from: string | null;
  to: string | null;
  startUtc: Date | null;
  endUtc: Date | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 00:00 IST of a YYYY-MM-DD date as a UTC instant, or null when it is not a real calendar date. */
export function istDayStart(date: string): Date | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utcMidnight = Date.UTC(y, mo - 1, d);
  const check = new Date(utcMidnight);
  if (y < 2000 || y > 2999 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utcMidnight - IST_OFFSET_MS);
}

const DAY_MS = 24 * 60 * 60 * 1000;

const istDateParam = z
  .string()
  .optional()
  .refine((v) => v === undefined || v === "" || istDayStart(v) !== null, { message: "must be a date YYYY-MM-DD (IST)" })
  .transform((v) => (v === undefined || v === "" ? null : v));

/** `from` / `to` query parameters (both optional): refused with a 400 naming the field when not a date or from > to. */
export const istPeriodShape = { from: istDateParam, to: istDateParam };

export function refineIstPeriod(q: { from: string | null; to: string | null }, ctx: z.RefinementCtx): void {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
}

export function toIstPeriod(q: { from: string | null; to: string | null }): IstPeriod {
  const start = q.from ? istDayStart(q.from) : null;
  const toStart = q.to ? istDayStart(q.to) : null;
  return { from: q.from, to: q.to, startUtc: start, endUtc: toStart ? new Date(toStart.getTime() + DAY_MS) : null };
}

/** The period's bounds as SQL timestamptz literals ('-infinity' / 'infinity' when open). */
export function periodBounds(period: IstPeriod): { lo: string; hi: string } {
  return { lo: period.startUtc?.toISOString() ?? "-infinity", hi: period.endUtc?.toISOString() ?? "infinity" };
}
