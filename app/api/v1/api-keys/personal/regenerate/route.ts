// POST /api/v1/api-keys/personal/regenerate – a new secret for the caller's personal key (shown once); the old one gets 401 at once
import { personalKeyBodySchema } from "@/lib/api-keys/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { regeneratePersonalKey } from "@/lib/api-keys/regenerate-personal-key";

export const POST = apiRoute({ auth: "session", action: "api_keys:personal", body: personalKeyBodySchema }, async ({ db, actor, accountId }) => {
  const { apiKey, key } = await regeneratePersonalKey(db, { accountId, userId: sessionActor(actor).userId });
  return { body: { api_key: toApiKeyView(apiKey), key, key_shown_once: true } };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
