// GET /api/v1/credit-notes – the account's GST credit notes, newest first; paged by limit + offset or limit + cursor (next_cursor)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listCreditNotes, listCreditNotesQuerySchema } from "@/lib/credit-notes/list-credit-notes";

export const GET = apiRoute({ auth: "session", action: "invoices:read", query: listCreditNotesQuerySchema }, async ({ db, accountId, query }) => {
  return { body: await listCreditNotes(db, accountId, query) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
