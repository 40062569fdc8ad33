// GET /api/v1/payments/history – the account's online and offline payments with filters (Khata's names and seed 003's),
// sort and paging (limit + offset, or limit + cursor = next_cursor of the previous page for the same sort and order; see listHistory)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { historyScope } from "@/lib/auth/history-scope";
import { historyQuerySchema } from "@/lib/orders/history-query";
import { listHistory } from "@/lib/orders/list-history";

export const GET = apiRoute({ auth: "session", action: "payments:read", query: historyQuerySchema }, async ({ db, actor, accountId, query }) => {
  return { body: await listHistory(db, accountId, query, new Date(), historyScope(actor)) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
