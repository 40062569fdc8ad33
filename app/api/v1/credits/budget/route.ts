// GET /api/v1/credits/budget – the monthly credit cap and this IST month's usage; PUT – set the cap, or clear it with null (sessions and personal keys; owner/admin to set)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { setBudgetSchema } from "@/lib/budget/budget-schema";
import { toBudgetView } from "@/lib/budget/budget-view";
import { getBudget } from "@/lib/budget/get-budget";
import { setBudget } from "@/lib/budget/set-budget";

export const GET = apiRoute({ auth: "session_or_api_key", action: "budget:read" }, async ({ db, accountId }) => ({
  body: toBudgetView(await getBudget(db, accountId)),
}));

export const PUT = apiRoute({ auth: "session_or_api_key", action: "budget:write", body: setBudgetSchema }, async ({ db, accountId, body }) => ({
  body: toBudgetView(await setBudget(db, accountId, body.monthly_limit)),
}));

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
