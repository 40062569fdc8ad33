// GET /api/v1/api-keys – the account's API keys (no secrets); POST – create a key (the secret is shown once)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";

export const GET = apiRoute({ auth: "session", action: "api_keys:manage" }, async ({ db, accountId }) => ({
  body: { api_keys: (await listApiKeys(db, accountId)).map(toApiKeyView) },
}));

export const POST = apiRoute(
  { auth: "session", action: "api_keys:manage", body: createApiKeySchema, idempotency: true },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    const { apiKey, key } = await createApiKey(db, { accountId, name: body.name, createdByUserId: me.userId });
    return { status: 201, body: { api_key: toApiKeyView(apiKey), key, key_shown_once: true } };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
