// POST /api/v1/usage/batch – up to 1,000 usage events; one result per event (see lib/usage/record-usage-batch.ts)
import { mapKeyedCall } from "@/lib/api-keys/api-key-gate";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { recordUsageBatch, recordUsageBatchWithApiKey, type BatchResult } from "@/lib/usage/record-usage-batch";
import { usageBatchSchema } from "@/lib/usage/schemas";
import { toBatchView } from "@/lib/usage/usage-view";

const answer = (batch: BatchResult) => ({ body: toBatchView(batch) });

export const POST = apiRoute(
  {
    auth: "session_or_api_key",
    action: "machine:usage_write",
    body: usageBatchSchema,
    maxBodyBytes: 1024 * 1024,
    // With an API key: key, rate limit and the whole batch in one database round trip.
    apiKeyInOneStep: async ({ db, presentedKey, clientIp, body }) => mapKeyedCall(await recordUsageBatchWithApiKey(db, { presentedKey, clientIp, events: body.events }), answer),
  },
  async ({ db, actor, accountId, body }) =>
    answer(await recordUsageBatch(db, { accountId, apiKeyId: actor?.kind === "api_key" ? actor.apiKeyId : null, events: body.events })),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
