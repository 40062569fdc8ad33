// GET /api/v1/account/members – members and pending invitations; POST – invite by email (a link to accept, mailed and returned once)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { toTeamView } from "@/lib/accounts/account-view";
import { inviteMember, listMembers } from "@/lib/accounts/members";
import { inviteMemberSchema } from "@/lib/accounts/schemas";

export const GET = apiRoute({ auth: "session", action: "team:read" }, async ({ db, accountId }) => ({
  body: toTeamView(await listMembers(db, accountId)),
}));

export const POST = apiRoute(
  { auth: "session", action: "team:manage", body: inviteMemberSchema },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    const result = await inviteMember(db, { accountId, actorRole: me.role, actorUserId: me.userId, email: body.email, role: body.role });
    if (result.status === "already_member") return { status: 200, body: { status: result.status, email: body.email, role: body.role } };
    return {
      status: 201,
      body: {
        status: result.status,
        email: body.email,
        role: body.role,
        invitation_id: result.invitationId,
        accept_url: result.acceptUrl,
        expires_at: result.expiresAt,
      },
    };
  },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");
