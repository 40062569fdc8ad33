// GET /api/v1/credit-notes/:credit_note_number/pdf – the credit note's stored PDF, named after its number (ETag, immutable; If-None-Match → 304)
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getCreditNotePdf } from "@/lib/credit-notes/get-credit-note-pdf";
import { documentResponse } from "@/lib/documents/document-response";
import { invoiceNumberSchema } from "@/lib/gst/invoice-number";

const params = z.object({ credit_note_number: invoiceNumberSchema });

export const GET = apiRoute({ auth: "session", action: "invoices:read", params }, async ({ db, accountId, params, request }) =>
  documentResponse(
    await getCreditNotePdf(db, { accountId, creditNoteNumber: params.credit_note_number, ifNoneMatch: request.headers.get("if-none-match") }),
  ),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
