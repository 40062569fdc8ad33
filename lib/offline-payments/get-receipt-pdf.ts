import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { offlinePayments } from "@/lib/db/schema";
import type { DocumentDownload } from "@/lib/documents/document-response";
import { ifNoneMatchMatches } from "@/lib/documents/etag";
import { notFound } from "@/lib/errors";
import { ensureReceiptRendering } from "./ensure-receipt-rendering";

/** GET /api/v1/offline-payments/:payment_id/receipt: the account's receipt PDF (another account's → 404), ETag as invoices. */
export async function getReceiptPdf(db: Executor, input: { accountId: string; paymentId: string; ifNoneMatch?: string | null }): Promise<DocumentDownload> {
  const [row] = await db
    .select({ id: offlinePayments.id, receiptNumber: offlinePayments.receiptNumber })
    .from(offlinePayments)
    .where(and(eq(offlinePayments.id, input.paymentId), eq(offlinePayments.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Offline payment");
  const stored = await ensureReceiptRendering(db, row.id);
  const filename = `receipt-${row.receiptNumber.replace(/[^A-Za-z0-9-]+/g, "-")}.pdf`;
  if (ifNoneMatchMatches(input.ifNoneMatch, stored.sha256)) return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: true };
  return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: false, bytes: stored.bytes };
}
