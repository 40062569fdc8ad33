// POST /api/v1/account/switch – make another of the caller's accounts the active one
import { cookies } from "next/headers";
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { ACTIVE_ACCOUNT_COOKIE } from "@/lib/auth/active-account-cookie";
import { appCookieOptions } from "@/lib/security/cookie-options";
import { isMember } from "@/lib/accounts/memberships";
import { notFound } from "@/lib/errors";

const body = z.strictObject({ account_id: z.string().min(1).max(64) });

export const POST = apiRoute({ auth: "session", action: "account:switch", body }, async ({ db, actor, body }) => {
  const me = sessionActor(actor);
  if (!(await isMember(db, me.userId, body.account_id))) throw notFound("Account");
  (await cookies()).set(ACTIVE_ACCOUNT_COOKIE, body.account_id, appCookieOptions());
  return { body: { account_id: body.account_id } };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
