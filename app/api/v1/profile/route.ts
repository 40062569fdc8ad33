// GET /api/v1/profile – the account and the calling key's (or signed-in member's) identity, without secrets
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getAccount } from "@/lib/accounts/get-account";
import { getApiKey } from "@/lib/api-keys/get-api-key";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:profile", rateLimit: true }, async ({ db, actor, accountId }) => {
  const account = await getAccount(db, accountId);
  const key = actor?.kind === "api_key" ? await getApiKey(db, { accountId, keyId: actor.apiKeyId }) : null;
  return {
    body: {
      account: { id: account.id, name: account.name, plan: account.plan, plan_expires_at: account.planExpiresAt, created_at: account.createdAt },
      api_key: key ? { id: key.id, name: key.name, prefix: key.prefix, created_at: key.created_at, last_used_at: key.last_used_at } : null,
      user: actor?.kind === "session" ? { id: actor.userId, email: actor.email, name: actor.name, role: actor.role } : null,
    },
  };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
