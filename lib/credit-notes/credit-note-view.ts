import type { creditNotes } from "@/lib/db/schema";
import { creditNoteDeadline, deadlineWarning } from "@/lib/gst/credit-note-deadline";
import { paiseToRupees } from "@/lib/money/format-inr";
import { istDateString } from "@/lib/money/ist";
import type { IssuedCreditNoteSnapshot } from "./credit-note-snapshot";

export type CreditNoteRow = typeof creditNotes.$inferSelect;

/** The public summary of a credit note (list and detail). Amounts in rupees and exact paise, as on invoices. */
export function creditNoteSummary(note: CreditNoteRow & { invoiceNumber: string }) {
  return {
    credit_note_number: note.creditNoteNumber,
    invoice_number: note.invoiceNumber,
    order_id: note.orderId,
    refund_id: note.refundId,
    dispute_id: note.disputeId,
    payout_id: note.payoutId,
    financial_year: note.financialYear,
    issued_at: note.issuedAt,
    reason: note.reason,
    currency: "INR" as const,
    taxable: paiseToRupees(note.taxablePaise),
    cgst: paiseToRupees(note.cgstPaise),
    sgst: paiseToRupees(note.sgstPaise),
    igst: paiseToRupees(note.igstPaise),
    round_off: paiseToRupees(note.roundOffPaise),
    total: paiseToRupees(note.totalPaise),
    taxable_paise: note.taxablePaise,
    cgst_paise: note.cgstPaise,
    sgst_paise: note.sgstPaise,
    igst_paise: note.igstPaise,
    round_off_paise: note.roundOffPaise,
    total_paise: note.totalPaise,
  };
}

export type CreditNoteSummary = ReturnType<typeof creditNoteSummary>;

/** GET /api/v1/credit-notes/:credit_note_number: the summary plus the immutable snapshot as issued. */
export function creditNoteDetail(note: CreditNoteRow & { invoiceNumber: string }) {
  return { ...creditNoteSummary(note), snapshot: note.snapshot as IssuedCreditNoteSnapshot };
}

/**
 * The s.34(2) fields of an operator's refund or dispute row: the invoice's last day for credit notes (IST date,
 * null when the order has no invoice) and, while the row can still produce a credit note (`open`), the warning
 * an operator should read before completing it (null when the deadline is not near).
 */
export function creditNoteDeadlineView(invoiceIssuedAt: Date | undefined, input: { now: Date; open: boolean }) {
  if (!invoiceIssuedAt) return { credit_note_deadline: null, credit_note_warning: null };
  const warning = input.open ? deadlineWarning(invoiceIssuedAt, input.now) : null;
  return {
    credit_note_deadline: istDateString(new Date(creditNoteDeadline(invoiceIssuedAt).endUtc.getTime() - 1)),
    credit_note_warning: warning ? { level: warning.level, message: warning.message, days_left: warning.level === "near" ? warning.daysLeft : 0 } : null,
  };
}
export type CreditNoteDeadlineView = ReturnType<typeof creditNoteDeadlineView>;
