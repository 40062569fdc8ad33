import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { creditNotes, documentRenderings } from "@/lib/db/schema";
import type { DocumentDownload } from "@/lib/documents/document-response";
import { ifNoneMatchMatches, ifNoneMatchShas } from "@/lib/documents/etag";
import { notFound } from "@/lib/errors";
import { ensureCreditNoteRendering } from "./ensure-credit-note-rendering";

/**
 * GET /api/v1/credit-notes/:credit_note_number/pdf: the credit note's stored PDF (rendered once from its
 * immutable snapshot), as invoices' (lib/invoices/get-invoice-pdf.ts): the bytes are left out when
 * `If-None-Match` names them; a note without a rendering yet is rendered here, once.
 */
export async function getCreditNotePdf(
  db: Executor,
  input: { accountId: string; creditNoteNumber: string; ifNoneMatch?: string | null },
): Promise<DocumentDownload> {
  const known = ifNoneMatchShas(input.ifNoneMatch);
  const clientHasIt = known === "*" ? sql`true` : sql`${documentRenderings.sha256} = any(string_to_array(${known.join(",")}::text, ','))`;
  const [row] = await db
    .select({
      id: creditNotes.id,
      creditNoteNumber: creditNotes.creditNoteNumber,
      sha256: documentRenderings.sha256,
      contentType: documentRenderings.contentType,
      bytes: sql<Buffer | null>`case when ${clientHasIt} then null else ${documentRenderings.bytes} end`,
    })
    .from(creditNotes)
    .leftJoin(documentRenderings, and(eq(documentRenderings.kind, "credit_note"), eq(documentRenderings.documentId, creditNotes.id)))
    .where(and(eq(creditNotes.creditNoteNumber, input.creditNoteNumber), eq(creditNotes.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Credit note");
  const filename = `${row.creditNoteNumber}.pdf`;
  if (row.sha256 && row.contentType) {
    if (row.bytes === null) return { filename, contentType: row.contentType, sha256: row.sha256, notModified: true };
    return { filename, contentType: row.contentType, sha256: row.sha256, notModified: false, bytes: row.bytes };
  }
  const stored = await ensureCreditNoteRendering(db, row.id);
  if (ifNoneMatchMatches(input.ifNoneMatch, stored.sha256)) return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: true };
  return { filename, contentType: stored.contentType, sha256: stored.sha256, notModified: false, bytes: stored.bytes };
}
