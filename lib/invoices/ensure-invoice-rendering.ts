import { eq } from "drizzle-orm";
import QRCode from "qrcode";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";
import { findRendering, storeRendering, type StoredRendering } from "@/lib/documents/store-rendering";
import { configuredIrp, type IrpClient } from "@/lib/e-invoice/irp-client";
import { ensureEInvoice } from "@/lib/e-invoice/register-e-invoice";
import { notFound } from "@/lib/errors";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { renderInvoicePdf } from "./pdf/render-invoice-pdf";

export const INVOICE_PDF_CONTENT_TYPE = "application/pdf";

/**
 * The invoice's stored PDF, rendered from its immutable snapshot and stored first if it has none (the render job
 * right after issue; a download of an invoice issued before renderings existed, or whose job has not run or keeps
 * failing). Idempotent: an existing rendering is returned as it is, and of two racing renders one is stored and
 * both return it. Where e-invoicing applies (lib/e-invoice), the invoice is registered with the IRP first and the
 * PDF prints its IRN and acknowledgement.
 */
export async function ensureInvoiceRendering(db: Executor, invoiceId: string, irp: IrpClient | null = configuredIrp()): Promise<StoredRendering> {
  const existing = await findRendering(db, "invoice", invoiceId);
  if (existing) return existing;
  const [row] = await db.select({ accountId: invoices.accountId, snapshot: invoices.snapshot }).from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
  if (!row) throw notFound("Invoice");
  const eInvoice = await ensureEInvoice(db, invoiceId, irp);
  const snapshot = row.snapshot as IssuedInvoiceView;
  // The IRP's signed QR is printed as a QR code (e-invoice rules: a buyer's app scans it to check the IRN offline).
  const qrImage = eInvoice ? await QRCode.toDataURL(eInvoice.signedQrCode, { errorCorrectionLevel: "L", margin: 1, width: 300 }) : undefined;
  const bytes = await renderInvoicePdf(eInvoice ? { ...snapshot, eInvoice: { ...eInvoice, qrImage } } : snapshot);
  return storeRendering(db, { kind: "invoice", documentId: invoiceId, accountId: row.accountId, contentType: INVOICE_PDF_CONTENT_TYPE, bytes });
}
