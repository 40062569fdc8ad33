// POST /api/v1/account/invitations/:invitationId/link – a new accept link for a pending invitation (the old one stops working)
import { z } from "zod";
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { reissueInvitationLink } from "@/lib/accounts/members";

const params = z.object({ invitationId: z.string().min(1).max(64) });

export const POST = apiRoute({ auth: "session", action: "team:manage", params }, async ({ db, accountId, params }) => {
  const link = await reissueInvitationLink(db, { accountId, invitationId: params.invitationId });
  return { body: { invitation_id: link.invitationId, accept_url: link.acceptUrl, expires_at: link.expiresAt } };
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed("POST");
