// GET /api/v1/invoices – the account's GST invoices, newest first; paged by limit + offset or limit + cursor (next_cursor)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listInvoices, listInvoicesQuerySchema } from "@/lib/invoices/list-invoices";

export const GET = apiRoute({ auth: "session", action: "invoices:read", query: listInvoicesQuerySchema }, async ({ db, accountId, query }) => {
  return { body: await listInvoices(db, accountId, query) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
