// GET /api/v1/admin/orders – operators: orders flagged for review (flagged=1, default) or all orders, across accounts
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { adminOrdersQuerySchema, listOrdersForOperator } from "@/lib/orders/list-flagged-orders";

export const GET = apiRoute({ auth: "session", action: "operator:orders", query: adminOrdersQuerySchema }, async ({ db, query }) => {
  return { body: await listOrdersForOperator(db, query) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
