// GET /api/v1/balance – balance, plan, monthly budget cap, used this month and what can still be consumed
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toBalanceView } from "@/lib/credits/credits-view";
import { getBalance } from "@/lib/credits/get-balance";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:balance" }, async ({ db, accountId }) => ({
  body: toBalanceView(await getBalance(db, accountId)),
}));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
