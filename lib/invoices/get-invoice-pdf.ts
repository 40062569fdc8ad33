import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { documentRenderings, invoices } from "@/lib/db/schema";
import type { DocumentDownload } from "@/lib/documents/document-response";
import { ifNoneMatchMatches, ifNoneMatchShas } from "@/lib/documents/etag";
import { notFound } from "@/lib/errors";
import { ensureInvoiceRendering } from "./ensure-invoice-rendering";

/**
 * GET /api/v1/invoices/:invoice_number/pdf — the invoice's stored PDF (rendered once from the immutable
 * snapshot, never from current data). One query finds the account's invoice and its rendering, and leaves the
 * bytes out when `If-None-Match` already names them; an invoice without a rendering is rendered here, once.
 */
export async function getInvoicePdf(db: Executor, input: { accountId: string; invoiceNumber: string; ifNoneMatch?: string | null }): Promise<DocumentDownload> {
  const known = ifNoneMatchShas(input.ifNoneMatch);
  const clientHasIt =
    known === "*" ? sql`true` : sql`${documentRenderings.sha256} = any(string_to_array(${known.join(",")}::text, ','))`;
  const [row] = await db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      sha256: documentRenderings.sha256,
      contentType: documentRenderings.contentType,
      bytes: sql<Buffer | null>`case when ${clientHasIt} then null else ${documentRenderings.bytes} end`,
    })
    .from(invoices)
    .leftJoin(documentRenderings, and(eq(documentRenderings.kind, "invoice"), eq(documentRenderings.documentId, invoices.id)))
    .where(and(eq(invoices.invoiceNumber, input.invoiceNumber), eq(invoices.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Invoice");
  const filename = `${row.invoiceNumber}.pdf`;
  if (row.sha256 && row.contentType) {
    if (row.bytes === null) return { filename, contentType: row.contentType, sha256: row.sha256, notModified: true };
    return { filename, contentType: row.contentType, sha256: row.sha256, notModified: false, bytes: row.bytes };
  }
  const stored = await ensureInvoiceRendering(db, row.id);
  if (ifNoneMatchMatches(input.ifNoneMatch, stored.sha256)) return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: true };
  return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: false, bytes: stored.bytes };
}
