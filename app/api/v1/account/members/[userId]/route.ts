// PATCH /api/v1/account/members/:userId – change a member's role; DELETE – remove them from the account
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { changeRole, removeMember } from "@/lib/accounts/members";
import { changeRoleSchema } from "@/lib/accounts/schemas";

const params = z.object({ userId: z.string().min(1).max(64) });

export const PATCH = apiRoute(
  { auth: "session", action: "team:manage", body: changeRoleSchema, params },
  async ({ db, actor, accountId, body, params }) => {
    const me = sessionActor(actor);
    await changeRole(db, { accountId, actorRole: me.role, targetUserId: params.userId, role: body.role });
    return { body: { user_id: params.userId, role: body.role } };
  },
);

export const DELETE = apiRoute({ auth: "session", action: "team:manage", params }, async ({ db, actor, accountId, params }) => {
  const me = sessionActor(actor);
  await removeMember(db, { accountId, actorRole: me.role, actorUserId: me.userId, targetUserId: params.userId });
  return { body: { user_id: params.userId, removed: true } };
});

export const { GET, POST, PUT } = methodsNotAllowed("PATCH", "DELETE");
