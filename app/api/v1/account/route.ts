// GET /api/v1/account – the active account, the caller's role in it, and every account they can switch to
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { getAccount } from "@/lib/accounts/get-account";
import { listUserAccounts } from "@/lib/accounts/memberships";

export const GET = apiRoute({ auth: "session", action: "account:read" }, async ({ db, actor, accountId }) => {
  const me = sessionActor(actor);
  const [account, choices] = await Promise.all([getAccount(db, accountId), listUserAccounts(db, me.userId)]);
  return {
    body: {
      id: account.id,
      name: account.name,
      plan: account.plan,
      plan_expires_at: account.planExpiresAt,
      role: me.role,
      user: { id: me.userId, email: me.email, name: me.name, is_operator: me.isOperator },
      accounts: choices.map((c) => ({ id: c.accountId, name: c.accountName, role: c.role })),
    },
  };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
