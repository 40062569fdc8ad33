import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices, offlinePayments } from "@/lib/db/schema";
import { findRendering, storeRendering, type StoredRendering } from "@/lib/documents/store-rendering";
import { notFound } from "@/lib/errors";
import { INVOICE_PDF_CONTENT_TYPE } from "@/lib/invoices/ensure-invoice-rendering";
import { renderReceiptPdf } from "./pdf/render-receipt-pdf";
import { buildReceiptView } from "./receipt-view";

/**
 * The receipt's stored PDF, rendered once (the job queued at recording, or a download before it ran) and kept in
 * document_renderings (kind `receipt`): later downloads are that file, whatever happens to the payment's status.
 */
export async function ensureReceiptRendering(db: Executor, offlinePaymentId: string): Promise<StoredRendering> {
  const existing = await findRendering(db, "receipt", offlinePaymentId);
  if (existing) return existing;
  const [row] = await db
    .select({ payment: offlinePayments, invoiceNumber: invoices.invoiceNumber, snapshot: invoices.snapshot })
    .from(offlinePayments)
    .innerJoin(invoices, and(eq(invoices.orderId, offlinePayments.orderId), eq(invoices.accountId, offlinePayments.accountId)))
    .where(eq(offlinePayments.id, offlinePaymentId))
    .limit(1);
  if (!row) throw notFound("Offline payment");
  const bytes = await renderReceiptPdf(buildReceiptView(row.payment, { invoiceNumber: row.invoiceNumber, snapshot: row.snapshot }));
  return storeRendering(db, { kind: "receipt", documentId: offlinePaymentId, accountId: row.payment.accountId, contentType: INVOICE_PDF_CONTENT_TYPE, bytes });
}
