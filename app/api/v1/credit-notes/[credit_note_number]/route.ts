// GET /api/v1/credit-notes/:credit_note_number – one credit note: its numbers, its original invoice and the snapshot as issued
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getCreditNote } from "@/lib/credit-notes/get-credit-note";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";

const params = z.object({ credit_note_number: invoiceNumberSchema });

export const GET = apiRoute({ auth: "session", action: "invoices:read", params }, async ({ db, accountId, params }) => {
  return { body: await getCreditNote(db, { accountId, creditNoteNumber: params.credit_note_number }) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
