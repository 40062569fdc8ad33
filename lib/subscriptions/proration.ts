import { PLANS, type PlanId } from "@/lib/config/plans";
import { formatIstDate, istDateString } from "@/lib/money/ist";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole IST calendar days from a's IST date to b's (b's date minus a's; IST has no DST, so days are 24 h). */
export function istDaysBetween(a: Date, b: Date): number {
  return Math.round((Date.parse(`${istDateString(b)}T00:00:00Z`) - Date.parse(`${istDateString(a)}T00:00:00Z`)) / DAY_MS);
}

/**
 * The period's first day: one IST month before its end (a period runs [start, addOneMonthIst(start))). When the
 * start day was clamped (31 Jan → 28 Feb), stepping back lands on the clamped day; the day count is then at most
 * three days shorter, which only makes the owner's share of each day slightly larger.
 */
export function periodStartOf(periodEnd: Date): Date {
  const end = new Date(periodEnd.getTime() + 5.5 * 3600_000);
  const y = end.getUTCFullYear();
  const m = end.getUTCMonth(); // 0-11, the end's month
  const prevDays = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = Math.min(end.getUTCDate(), prevDays);
  return new Date(Date.UTC(y, m - 1, day, end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds(), end.getUTCMilliseconds()) - 5.5 * 3600_000);
}

export interface Proration {
  /** IST days left in the period, today included. */
  daysCharged: number;
  /** IST days of the whole period (start's date to end's date). */
  daysInPeriod: number;
  /** GST-inclusive paise charged now. */
  amountPaise: bigint;
  /** Included credits granted now. */
  credits: bigint;
}

/**
 * THE proration rule of a mid-cycle upgrade (integer arithmetic only):
 * - days: IST calendar days. The period [start, end) has `daysInPeriod` = end's IST date − start's IST date (the
 *   last day it covers is the day before end's, as the invoice prints it); the upgrade day counts as a remaining
 *   day, so `daysCharged` = end's IST date − today's IST date.
 * - money: (new monthly price − old monthly price) × daysCharged / daysInPeriod, GST-inclusive paise, rounded DOWN
 *   to the paisa (the owner never pays more than the exact share).
 * - credits: (new included credits − old included credits) × daysCharged / daysInPeriod, rounded DOWN to a whole
 *   credit (never more than the exact share).
 * The period's end stays; the next renewal charges the new plan's full price.
 * Null when nothing is left to prorate (the period ends today or has ended, or the new plan is not higher).
 */
export function prorateUpgrade(input: { from: PlanId; to: PlanId; periodStart: Date; periodEnd: Date; now: Date }): Proration | null {
  const from = PLANS[input.from];
  const to = PLANS[input.to];
  if (to.rank <= from.rank) return null;
  const daysInPeriod = istDaysBetween(input.periodStart, input.periodEnd);
  const daysCharged = Math.min(istDaysBetween(input.now, input.periodEnd), daysInPeriod);
  if (daysInPeriod <= 0 || daysCharged <= 0) return null;
  const charged = BigInt(daysCharged);
  const total = BigInt(daysInPeriod);
  return {
    daysCharged,
    daysInPeriod,
    amountPaise: ((to.monthlyPricePaise - from.monthlyPricePaise) * charged) / total,
    credits: ((to.includedCredits - from.includedCredits) * charged) / total,
  };
}

/** "Upgrade Pro → Enterprise, 03 Dec 2026 to 01 Jan 2027 (30 of 31 days)": the invoice line (last day inclusive). */
export function upgradeInvoiceLine(input: { from: PlanId; to: PlanId; start: Date; periodEnd: Date; daysCharged: number; daysInPeriod: number }): string {
  const lastDay = new Date(input.periodEnd.getTime() - DAY_MS);
  return `Upgrade ${PLANS[input.from].name} → ${PLANS[input.to].name}, ${formatIstDate(input.start)} to ${formatIstDate(lastDay)} (${input.daysCharged} of ${input.daysInPeriod} days)`;
}
