// GET /api/v1/admin/disputes – operators: disputes across accounts (open=1, default: open ones by respond-by date)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listDisputesForOperator } from "@/lib/disputes/list-disputes";
import { adminDisputesQuerySchema } from "@/lib/disputes/schemas";

export const GET = apiRoute({ auth: "session", action: "operator:disputes", query: adminDisputesQuerySchema }, async ({ db, query }) => ({
  body: await listDisputesForOperator(db, query),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
