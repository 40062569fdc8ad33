import type { Actor } from "@/lib/auth/actor";
import type { ApiKey } from "@/lib/api-keys/api-key";
import type { getAccount } from "./get-account";
import type { listMembers } from "./members";
import type { AccountChoice } from "./memberships";

type Account = Awaited<ReturnType<typeof getAccount>>;
type SessionActor = Extract<Actor, { kind: "session" }>;

/** GET /api/v1/account: the active account, the caller's role in it, and every account they can switch to. */
export function toAccountView(account: Account, me: SessionActor, choices: AccountChoice[]) {
  return {
    id: account.id,
    name: account.name,
    plan: account.plan,
    plan_expires_at: account.planExpiresAt,
    role: me.role,
    user: { id: me.userId, email: me.email, name: me.name, is_operator: me.isOperator },
    accounts: choices.map((c) => ({ id: c.accountId, name: c.accountName, role: c.role })),
  };
}

/** GET /api/v1/account/members. */
export function toTeamView(team: Awaited<ReturnType<typeof listMembers>>) {
  return {
    members: team.members.map((m) => ({
      user_id: m.userId,
      email: m.email,
      name: m.name,
      role: m.role,
      joined_at: m.joinedAt,
      personal_key: m.personalKeyPrefix ? { prefix: m.personalKeyPrefix } : null,
    })),
    invitations: team.invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, invited_at: i.invitedAt, expires_at: i.expiresAt })),
  };
}

/** GET /api/v1/profile: the account and the calling key's (or signed-in member's) identity, without secrets. */
export function toProfileView(account: Account, key: ApiKey | null, actor: Actor | null) {
  return {
    account: { id: account.id, name: account.name, plan: account.plan, plan_expires_at: account.planExpiresAt, created_at: account.createdAt },
    api_key: key
      ? { id: key.id, kind: key.kind, name: key.name, prefix: key.prefix, created_at: key.createdAt, last_used_at: key.lastUsedAt }
      : null,
    // A session or a personal key names its user and their role now; an account's service key has no user.
    user:
      actor?.kind === "session"
        ? { id: actor.userId, email: actor.email, name: actor.name, role: actor.role }
        : actor?.kind === "api_key" && actor.member
          ? { id: actor.member.userId, email: actor.member.email, name: actor.member.name, role: actor.member.role }
          : null,
  };
}

/** POST /api/v1/account/sessions/revoke: how many sessions ended (the caller's own included). */
export function toSessionsRevokedView(endedSessions: number) {
  return { revoked_sessions: endedSessions, signed_out: true };
}
