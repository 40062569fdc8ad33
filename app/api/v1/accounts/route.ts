// POST /api/v1/accounts – create another company account owned by the caller and make it active
import { cookies } from "next/headers";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { ACTIVE_ACCOUNT_COOKIE } from "@/lib/auth/active-account-cookie";
import { appCookieOptions } from "@/lib/security/cookie-options";
import { createAccountForUser } from "@/lib/accounts/memberships";
import { createAccountSchema } from "@/lib/accounts/schemas";

export const POST = apiRoute(
  { auth: "session", action: "account:read", body: createAccountSchema },
  async ({ db, actor, body }) => {
    const me = sessionActor(actor);
    const accountId = await createAccountForUser(db, { userId: me.userId, name: body.name });
    (await cookies()).set(ACTIVE_ACCOUNT_COOKIE, accountId, appCookieOptions());
    return { status: 201, body: { id: accountId, name: body.name, role: "owner" } };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
