// GET /api/v1/credits/alerts – the low-balance threshold for `credits.low` and the overview warning; PUT – set it, or null for the default (sessions and personal keys; owner/admin to set)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toLowBalanceAlertView } from "@/lib/credits/credits-view";
import { getLowBalanceThreshold, setLowBalanceThreshold } from "@/lib/credits/low-balance-threshold";
import { setLowBalanceThresholdSchema } from "@/lib/credits/low-balance-threshold-schema";

export const GET = apiRoute({ auth: "session_or_api_key", action: "budget:read" }, async ({ db, accountId }) => ({
  body: toLowBalanceAlertView(await getLowBalanceThreshold(db, accountId)),
}));

export const PUT = apiRoute(
  { auth: "session_or_api_key", action: "budget:write", body: setLowBalanceThresholdSchema },
  async ({ db, accountId, body }) => ({ body: toLowBalanceAlertView(await setLowBalanceThreshold(db, accountId, body.low_balance_threshold)) }),
);

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
