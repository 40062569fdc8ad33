import type { creditNotes } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";
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
    financial_year: note.financialYear,
    issued_at: note.issuedAt,
    reason: note.reason,
    currency: "INR" as const,
    taxable: paiseToRupees(note.taxablePaise),
    cgst: paiseToRupees(note.cgstPaise),
    sgst: paiseToRupees(note.sgstPaise),
    igst: paiseToRupees(note.igstPaise),
    total: paiseToRupees(note.totalPaise),
    taxable_paise: note.taxablePaise,
    cgst_paise: note.cgstPaise,
    sgst_paise: note.sgstPaise,
    igst_paise: note.igstPaise,
    total_paise: note.totalPaise,
  };
}

export type CreditNoteSummary = ReturnType<typeof creditNoteSummary>;

/** GET /api/v1/credit-notes/:credit_note_number: the summary plus the immutable snapshot as issued. */
export function creditNoteDetail(note: CreditNoteRow & { invoiceNumber: string }) {
  return { ...creditNoteSummary(note), snapshot: note.snapshot as IssuedCreditNoteSnapshot };
}
