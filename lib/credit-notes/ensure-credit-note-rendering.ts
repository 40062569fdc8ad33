import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { creditNotes } from "@/lib/db/schema";
import { findRendering, storeRendering, type StoredRendering } from "@/lib/documents/store-rendering";
import { notFound } from "@/lib/errors";
import { INVOICE_PDF_CONTENT_TYPE } from "@/lib/invoices/ensure-invoice-rendering";
import type { IssuedCreditNoteSnapshot } from "./credit-note-snapshot";
import { renderCreditNotePdf } from "./pdf/render-credit-note-pdf";

/**
 * The credit note's stored PDF, rendered from its immutable snapshot and stored first if it has none (the render
 * job queued at issue; a download before it ran). Idempotent, like ensureInvoiceRendering: of two racing renders
 * one is stored and both return it.
 */
export async function ensureCreditNoteRendering(db: Executor, creditNoteId: string): Promise<StoredRendering> {
  const existing = await findRendering(db, "credit_note", creditNoteId);
  if (existing) return existing;
  const [row] = await db
    .select({ accountId: creditNotes.accountId, snapshot: creditNotes.snapshot })
    .from(creditNotes)
    .where(eq(creditNotes.id, creditNoteId))
    .limit(1);
  if (!row) throw notFound("Credit note");
  const bytes = await renderCreditNotePdf(row.snapshot as IssuedCreditNoteSnapshot);
  return storeRendering(db, { kind: "credit_note", documentId: creditNoteId, accountId: row.accountId, contentType: INVOICE_PDF_CONTENT_TYPE, bytes });
}
