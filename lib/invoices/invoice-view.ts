import type { invoices } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";

export type InvoiceRow = typeof invoices.$inferSelect;


/** The public summary of an invoice (list and detail). Amounts in rupees and exact paise. */
export function invoiceSummary(invoice: InvoiceRow) {
  return {
    invoice_number: invoice.invoiceNumber,
    order_id: invoice.orderId,
    financial_year: invoice.financialYear,
    issued_at: invoice.issuedAt,
    currency: "INR" as const,
    taxable: paiseToRupees(invoice.taxablePaise),
    cgst: paiseToRupees(invoice.cgstPaise),
    sgst: paiseToRupees(invoice.sgstPaise),
    igst: paiseToRupees(invoice.igstPaise),
    round_off: paiseToRupees(invoice.roundOffPaise),
    total: paiseToRupees(invoice.totalPaise),
    taxable_paise: invoice.taxablePaise,
    cgst_paise: invoice.cgstPaise,
    sgst_paise: invoice.sgstPaise,
    igst_paise: invoice.igstPaise,
    round_off_paise: invoice.roundOffPaise,
    total_paise: invoice.totalPaise,
  };
}
