import { and, eq, getTableColumns } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { creditNotes, invoices } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { creditNoteDetail } from "./credit-note-view";

/** GET /api/v1/credit-notes/:credit_note_number: one of the account's credit notes; another account's (or none) is a 404. */
export async function getCreditNote(db: Executor, input: { accountId: string; creditNoteNumber: string }) {
  const [row] = await db
    .select({ ...getTableColumns(creditNotes), invoiceNumber: invoices.invoiceNumber })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(and(eq(creditNotes.creditNoteNumber, input.creditNoteNumber), eq(creditNotes.accountId, input.accountId)))
    .limit(1);
  if (!row) throw notFound("Credit note");
  return creditNoteDetail(row);
}
