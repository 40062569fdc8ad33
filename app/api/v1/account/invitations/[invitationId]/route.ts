// DELETE /api/v1/account/invitations/:invitationId – withdraw a pending invitation
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { revokeInvitation } from "@/lib/accounts/members";

const params = z.object({ invitationId: z.string().min(1).max(64) });

export const DELETE = apiRoute({ auth: "session", action: "team:manage", params }, async ({ db, accountId, params }) => {
  await revokeInvitation(db, { accountId, invitationId: params.invitationId });
  return { body: { id: params.invitationId, revoked: true } };
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed("DELETE");
