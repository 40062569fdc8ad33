import type { Executor } from "@/lib/db";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { renderInvoicePdf } from "./pdf/render-invoice-pdf";
import { findInvoice } from "./get-invoice";

/** GET /api/v1/invoices/:invoice_number/pdf — rendered from the stored snapshot, never from current data. */
export async function getInvoicePdf(db: Executor, input: { accountId: string; invoiceNumber: string }) {
  const row = await findInvoice(db, input);
  const pdf = await renderInvoicePdf(row.snapshot as IssuedInvoiceView);
  return { filename: `${row.invoiceNumber}.pdf`, pdf };
}
