// GET /api/v1/account – the active account, the caller's role in it, and every account they can switch to
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toAccountView } from "@/lib/accounts/account-view";
import { getAccount } from "@/lib/accounts/get-account";
import { listUserAccounts } from "@/lib/accounts/memberships";

export const GET = apiRoute({ auth: "session", action: "account:read" }, async ({ db, actor, accountId }) => {
  const me = sessionActor(actor);
  const [account, choices] = await Promise.all([getAccount(db, accountId), listUserAccounts(db, me.userId)]);
  return { body: toAccountView(account, me, choices) };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
