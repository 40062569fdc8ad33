// POST /api/v1/api-keys/:key_id/revoke – the key stops working at once
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { apiKeyParamsSchema } from "@/lib/api-keys/schemas";

export const POST = apiRoute({ auth: "session", action: "api_keys:manage", params: apiKeyParamsSchema }, async ({ db, accountId, params }) => ({
  body: { api_key: toApiKeyView(await revokeApiKey(db, { accountId, keyId: params.key_id })) },
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
