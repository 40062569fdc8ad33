// GET /api/v1/profile – the account and the calling key's (or signed-in member's) identity, without secrets
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toProfileView } from "@/lib/accounts/account-view";
import { getAccount } from "@/lib/accounts/get-account";
import { getApiKey } from "@/lib/api-keys/get-api-key";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:profile" }, async ({ db, actor, accountId }) => {
  const account = await getAccount(db, accountId);
  const key = actor?.kind === "api_key" ? await getApiKey(db, { accountId, keyId: actor.apiKeyId }) : null;
  return { body: toProfileView(account, key, actor) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
