// POST /api/v1/account/members/:userId/revoke-key – end a teammate's personal API key at once (owners: anyone's; admins: members')
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toApiKeyView } from "@/lib/api-keys/api-key-view";
import { personalKeyBodySchema } from "@/lib/api-keys/schemas";
import { revokeMemberKey } from "@/lib/accounts/revoke-member-key";

const params = z.object({ userId: z.string().min(1).max(64) });

export const POST = apiRoute(
  { auth: "session", action: "team:manage", params, body: personalKeyBodySchema },
  async ({ db, actor, accountId, params }) => {
    const me = sessionActor(actor);
    const revoked = await revokeMemberKey(db, { accountId, actorRole: me.role, actorUserId: me.userId, targetUserId: params.userId });
    return { body: { user_id: params.userId, revoked: revoked.map(toApiKeyView) } };
  },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
