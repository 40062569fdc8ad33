// GET /api/v1/admin/accounts/:account_id – operators: one account at a glance (balance spendable and held, plan, members, latest documents)
import { toAccountOverviewView } from "@/lib/admin-accounts/account-overview-view";
import { getAccountOverview } from "@/lib/admin-accounts/get-account-overview";
import { adminAccountParamsSchema } from "@/lib/admin-accounts/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";

export const GET = apiRoute({ auth: "session", action: "operator:accounts", params: adminAccountParamsSchema }, async ({ db, params }) => ({
  body: toAccountOverviewView(await getAccountOverview(db, params.account_id)),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
