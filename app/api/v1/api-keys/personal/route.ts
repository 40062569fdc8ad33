// GET /api/v1/api-keys/personal – the caller's own personal key for the active account (no secret), or null; POST – create it (the secret is shown once)
import { personalKeyBodySchema } from "@/lib/api-keys/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import { getPersonalKey } from "@/lib/api-keys/get-personal-key";

export const GET = apiRoute({ auth: "session", action: "api_keys:personal" }, async ({ db, actor, accountId }) => {
  const key = await getPersonalKey(db, { accountId, userId: sessionActor(actor).userId });
  return { body: { api_key: key ? toApiKeyView(key) : null } };
});

export const POST = apiRoute({ auth: "session", action: "api_keys:personal", body: personalKeyBodySchema }, async ({ db, actor, accountId }) => {
  const { apiKey, key } = await createPersonalKey(db, { accountId, userId: sessionActor(actor).userId });
  return { status: 201, body: { api_key: toApiKeyView(apiKey), key, key_shown_once: true } };
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
