// POST /api/v1/account/sessions/revoke – sign out everywhere: end every session of the caller's user, this one included
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { revokeAllSessions } from "@/lib/accounts/end-sessions";
import { toSessionsRevokedView } from "@/lib/accounts/account-view";
import { AppError } from "@/lib/errors";

// Nothing to send: any field is refused (400), so a malformed call ends nothing.
const body = z.strictObject({});

export const POST = apiRoute({ auth: "session", action: "sessions:revoke", body }, async ({ db, actor }) => {
  if (actor?.kind !== "session") throw new AppError("unauthorized", "Sign in to use this endpoint.");
  return { body: toSessionsRevokedView(await revokeAllSessions(db, { userId: actor.userId })) };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
