// GET /api/v1/credits/ledger – the credit statement: ledger lines with cause, signed amount and running balance (keyset pages)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getStatement } from "@/lib/credits/get-statement";
import { statementQuerySchema } from "@/lib/credits/statement-query";
import { toStatementPageView } from "@/lib/credits/statement-view";

export const GET = apiRoute({ auth: "session_or_api_key", action: "credits:statement", query: statementQuerySchema }, async ({ db, accountId, query }) => {
  const { page, balances } = await getStatement(db, accountId, query);
  return { body: toStatementPageView(query, page, balances) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
