// GET /api/v1/account/members – members and pending invitations; POST – invite by email (a link to accept, mailed and returned once)
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { sessionActor } from "@/lib/api/session-actor";
import { inviteMember, listMembers } from "@/lib/accounts/members";
import { inviteMemberSchema } from "@/lib/accounts/schemas";
import { dispatchEmail } from "@/lib/mail/dispatch-email";

export const GET = apiRoute({ auth: "session", action: "team:read" }, async ({ db, accountId }) => {
  const { members, invitations } = await listMembers(db, accountId);
  return {
    body: {
      members: members.map((m) => ({ user_id: m.userId, email: m.email, name: m.name, role: m.role, joined_at: m.joinedAt })),
      invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, invited_at: i.invitedAt, expires_at: i.expiresAt })),
    },
  };
});

export const POST = apiRoute(
  { auth: "session", action: "team:manage", body: inviteMemberSchema },
  async ({ db, actor, accountId, body }) => {
    const me = sessionActor(actor);
    const result = await inviteMember(db, { accountId, actorRole: me.role, actorUserId: me.userId, email: body.email, role: body.role });
    if (result.status === "already_member") return { status: 200, body: { status: result.status, email: body.email, role: body.role } };
    await dispatchEmail(db, result.emailId); // after the invitation committed; becomes a job with lib/jobs
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
