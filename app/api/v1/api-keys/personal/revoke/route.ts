// POST /api/v1/api-keys/personal/revoke – the caller's personal key stops working at once (no key: a no-op)
import { personalKeyBodySchema } from "@/lib/api-keys/schemas";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { revokeOwnPersonalKey } from "@/lib/api-keys/revoke-personal-keys";

export const POST = apiRoute({ auth: "session", action: "api_keys:personal", body: personalKeyBodySchema }, async ({ db, actor, accountId }) => ({
  body: { revoked: (await revokeOwnPersonalKey(db, { accountId, userId: sessionActor(actor).userId })).map(toApiKeyView) },
}));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
