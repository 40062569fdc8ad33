// GET /api/v1/admin/accounts?q= – operators: find accounts by name, email, GSTIN, order id, invoice, credit note or receipt number
import { toAccountSearchView } from "@/lib/admin-accounts/account-overview-view";
import { accountSearchQuerySchema } from "@/lib/admin-accounts/schemas";
import { searchAccounts } from "@/lib/admin-accounts/search-accounts";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";

export const GET = apiRoute({ auth: "session", action: "operator:accounts", query: accountSearchQuerySchema }, async ({ db, query }) => ({
  body: toAccountSearchView(query.q, await searchAccounts(db, query)),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
