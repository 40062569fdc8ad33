// POST /api/v1/usage – consume credits for one billable event (event_id = idempotency key; 201 first, 200 replay)
// GET /api/v1/usage?month=YYYY-MM – usage per IST day per key for a month
import { mapKeyedCall } from "@/lib/api-keys/api-key-gate";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import type { ConsumeResult } from "@/lib/credits/consume-credits";
import { listDailyUsage } from "@/lib/usage/list-daily-usage";
import { recordUsage, recordUsageWithApiKey } from "@/lib/usage/record-usage";
import { usageEventSchema, usageMonthQuerySchema } from "@/lib/usage/schemas";
import { toUsageResultView } from "@/lib/usage/usage-view";

const answer = (result: ConsumeResult) => ({ status: result.replayed ? 200 : 201, body: toUsageResultView(result) });

export const POST = apiRoute(
  {
    auth: "session_or_api_key",
    action: "machine:usage_write",
    body: usageEventSchema,
    // With an API key: key, rate limit and the event in one database round trip.
    apiKeyInOneStep: async ({ db, presentedKey, clientIp, body }) => mapKeyedCall(await recordUsageWithApiKey(db, { presentedKey, clientIp, event: body }), answer),
  },
  async ({ db, actor, accountId, body }) => answer(await recordUsage(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, event: body })),
);

export const GET = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_read", query: usageMonthQuerySchema },
  async ({ db, accountId, query }) => ({ body: await listDailyUsage(db, accountId, query.month) }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
