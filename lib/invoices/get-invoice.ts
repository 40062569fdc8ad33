import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { invoiceSummary, type InvoiceRow } from "./invoice-view";

/** One of the account's invoices by number; another account's (or no) invoice is a 404. */
export async function findInvoice(db: Executor, input: { accountId: string; invoiceNumber: string }): Promise<InvoiceRow> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.invoiceNumber, input.invoiceNumber), eq(invoices.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Invoice");
  return row;
}

/** GET /api/v1/invoices/:invoice_number — the numbers plus the immutable snapshot as issued. */
export async function getInvoice(db: Executor, input: { accountId: string; invoiceNumber: string }) {
  const row = await findInvoice(db, input);
  return { ...invoiceSummary(row), snapshot: row.snapshot as IssuedInvoiceView };
}
