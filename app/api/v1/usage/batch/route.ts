// POST /api/v1/usage/batch – up to 1,000 usage events; one result per event (see lib/usage/record-usage-batch.ts)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { recordUsageBatch } from "@/lib/usage/record-usage-batch";
import { usageBatchSchema } from "@/lib/usage/schemas";
import { toBatchView } from "@/lib/usage/usage-view";

export const POST = apiRoute(
  { auth: "session_or_api_key", action: "machine:usage_write", body: usageBatchSchema, rateLimit: true, maxBodyBytes: 1024 * 1024 },
  async ({ db, actor, accountId, body }) => ({
    body: toBatchView(await recordUsageBatch(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, events: body.events })),
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
