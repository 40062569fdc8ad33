// POST /api/v1/usage – consume credits for one billable event (event_id = idempotency key; 201 first, 200 replay)
// GET /api/v1/usage?month=YYYY-MM – usage per IST day per key for a month
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { listDailyUsage } from "@/lib/usage/list-daily-usage";
import { recordUsage } from "@/lib/usage/record-usage";
import { usageEventSchema, usageMonthQuerySchema } from "@/lib/usage/schemas";
import { toUsageResultView } from "@/lib/usage/usage-view";

export const POST = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_write", body: usageEventSchema, rateLimit: true },
  async ({ db, actor, accountId, body }) => {
    const result = await recordUsage(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, event: body });
    return { status: result.replayed ? 200 : 201, body: toUsageResultView(result) };
  },
);

export const GET = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_read", query: usageMonthQuerySchema, rateLimit: true },
  async ({ db, accountId, query }) => ({ body: await listDailyUsage(db, accountId, query.month) }),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
