// GET /api/v1/offline-payments/accounts?q= – operators: find the paying account by name, email or GSTIN (the record-a-payment form)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { searchAccountsQuerySchema } from "@/lib/offline-payments/schemas";
import { searchAccounts } from "@/lib/offline-payments/search-accounts";

export const GET = apiRoute({ auth: "session", action: "operator:offline_payments", query: searchAccountsQuerySchema }, async ({ db, query }) => ({
  body: { accounts: await searchAccounts(db, query.q) },
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
