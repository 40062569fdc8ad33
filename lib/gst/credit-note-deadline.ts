/**
 * CGST Act s.34(2): a credit note's tax reduction must be declared no later than 30 November following the end
 * of the financial year in which the supply (the invoice) was made (or the annual return, if filed earlier, which
 * Khata cannot know). A note issued later is still a valid document, but the supplier can no longer reduce the
 * tax with it, so operators are warned before they complete such a refund or accept such a dispute.
 */
import { financialYearOf, formatIstDate } from "@/lib/money/ist";

/** 1 April → 1 December: 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 days (IST has no DST, so days are exact). */
const APRIL_TO_DECEMBER_MS = 244 * 24 * 60 * 60 * 1000;

/** Days before the deadline from which operators are warned that it is near. */
export const DEADLINE_WARNING_DAYS = 30;

export interface CreditNoteDeadline {
  /** 1 December 00:00 IST after the invoice's financial year: the first instant PAST the deadline (exclusive). */
  endUtc: Date;
  /** "30 Nov 2027": the last day, as printed. */
  lastDayIst: string;
}

export function creditNoteDeadline(invoiceIssuedAt: Date): CreditNoteDeadline {
  const endUtc = new Date(financialYearOf(invoiceIssuedAt).endUtc.getTime() + APRIL_TO_DECEMBER_MS);
  return { endUtc, lastDayIst: formatIstDate(new Date(endUtc.getTime() - 1)) };
}

export type DeadlineWarning =
  | { level: "past"; lastDayIst: string; message: string }
  | { level: "near"; lastDayIst: string; daysLeft: number; message: string };

/** What to show an operator about a credit note issued `now` against an invoice issued at `invoiceIssuedAt`; null when nothing. */
export function deadlineWarning(invoiceIssuedAt: Date, now: Date): DeadlineWarning | null {
  const { endUtc, lastDayIst } = creditNoteDeadline(invoiceIssuedAt);
  const leftMs = endUtc.getTime() - now.getTime();
  if (leftMs <= 0) {
    return {
      level: "past",
      lastDayIst,
      message: `Past the s.34(2) deadline (${lastDayIst}): the credit note is still issued, but its GST can no longer be reduced from the original invoice's tax.`,
    };
  }
  const daysLeft = Math.ceil(leftMs / (24 * 60 * 60 * 1000));
  if (daysLeft > DEADLINE_WARNING_DAYS) return null;
  return {
    level: "near",
    lastDayIst,
    daysLeft,
    message: `The s.34(2) deadline for this invoice's credit notes is ${lastDayIst} (${daysLeft} day${daysLeft === 1 ? "" : "s"} left): declare it in that month's return.`,
  };
}
