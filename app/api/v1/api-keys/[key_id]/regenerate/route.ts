// POST /api/v1/api-keys/:key_id/regenerate – new secret for the same key (shown once); the old secret stops at once
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { apiKeyParamsSchema } from "@/lib/api-keys/schemas";

export const POST = apiRoute({ auth: "session", action: "api_keys:manage", params: apiKeyParamsSchema }, async ({ db, accountId, params }) => {
  const { apiKey, key } = await regenerateApiKey(db, { accountId, keyId: params.key_id });
  return { body: { api_key: toApiKeyView(apiKey), key, key_shown_once: true } };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
