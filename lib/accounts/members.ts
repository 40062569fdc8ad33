import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db, Tx } from "@/lib/db";
import { accounts, apiKeys, invitations, memberships, users } from "@/lib/db/schema";
import { canAssignRole, type Role } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import { revokePersonalKeys } from "@/lib/api-keys/revoke-personal-keys";
import { newInvitationLink } from "./invitation-link";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
  /** The prefix of the member's active personal API key for this account, if they have one (never the secret). */
  personalKeyPrefix: string | null;
}

/** Seed 001's tiers: owners manage any user and role; admins (managers) manage members (API users) only. */
const ROLE_REFUSAL = "Admins manage members only: only an owner can give, change or remove the admin and owner roles.";

export async function listMembers(db: Db, accountId: string) {
  const members: MemberRow[] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      personalKeyPrefix: apiKeys.prefix,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      apiKeys,
      and(eq(apiKeys.accountId, memberships.accountId), eq(apiKeys.userId, memberships.userId), eq(apiKeys.kind, "personal"), isNull(apiKeys.revokedAt)),
    )
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.createdAt));
  const pending = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, invitedAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(eq(invitations.accountId, accountId))
    .orderBy(asc(invitations.createdAt));
  return { members, invitations: pending };
}

/** Locks the account's membership rows so two concurrent demotions cannot both pass the last-owner check. */
async function lockMemberships(tx: Tx, accountId: string) {
  await tx.execute(sql`select 1 from ${accounts} where ${accounts.id} = ${accountId} for update`);
}

/** Locks the account's team, then reads the target's membership (404 when they are not in this account). */
async function lockedTarget(tx: Tx, accountId: string, targetUserId: string) {
  await lockMemberships(tx, accountId);
  const [target] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, targetUserId)));
  if (!target) throw notFound("Member");
  return target;
}

async function ownerCount(tx: Tx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

export type InviteResult =
  | { status: "already_member" }
  | { status: "invited"; invitationId: string; acceptUrl: string; expiresAt: Date; emailId: string };

/**
 * Invites a person by email: always a pending invitation with a single-use 7-day link (mailed, and returned
 * once for copying), whether or not the address has a Khata user, so the answer reveals nothing about who is
 * registered and nobody joins without accepting. Inviting again replaces the link (the old one stops working).
 */
export async function inviteMember(
  db: Db,
  input: { accountId: string; actorRole: Role; actorUserId: string; email: string; role: Role; now?: Date },
): Promise<InviteResult> {
  if (!canAssignRole(input.actorRole, null, input.role)) {
    throw new AppError("insufficient_permissions", ROLE_REFUSAL);
  }
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, input.accountId), eq(users.email, input.email)))
      .limit(1);
    if (member) return { status: "already_member" } as const;
    const link = newInvitationLink(now);
    const [invitation] = await tx
      .insert(invitations)
      .values({
        id: newId("inv"),
        accountId: input.accountId,
        email: input.email,
        role: input.role,
        invitedByUserId: input.actorUserId,
        tokenHash: link.tokenHash,
        expiresAt: link.expiresAt,
      })
      .onConflictDoUpdate({
        target: [invitations.accountId, invitations.email],
        set: { role: input.role, invitedByUserId: input.actorUserId, tokenHash: link.tokenHash, expiresAt: link.expiresAt },
      })
      .returning({ id: invitations.id });
    const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, input.accountId));
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.actorUserId));
    const emailId = await enqueueEmail(tx, {
      to: input.email,
      template: "invitation",
      data: {
        accountName: account?.name ?? "a Khata account",
        role: input.role,
        inviterName: inviter?.name ?? "A teammate",
        url: link.url,
        expiresAt: link.expiresAt.toUTCString(),
      },
      dedupeKey: `invitation:${invitation!.id}:${link.tokenHash.slice(0, 16)}`,
    });
    await recordAudit(tx, { action: "team.invite", accountId: input.accountId, targetType: "invitation", targetId: invitation!.id, after: { email: input.email, role: input.role } });
    return { status: "invited", invitationId: invitation!.id, acceptUrl: link.url, expiresAt: link.expiresAt, emailId } as const;
  });
}

/** "Copy link": a new link for a pending invitation (the previous link stops working); nothing is mailed. */
export async function reissueInvitationLink(db: Db, input: { accountId: string; invitationId: string; now?: Date }) {
  const link = newInvitationLink(input.now ?? new Date());
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(invitations)
      .set({ tokenHash: link.tokenHash, expiresAt: link.expiresAt })
      .where(and(eq(invitations.accountId, input.accountId), eq(invitations.id, input.invitationId)))
      .returning({ id: invitations.id, email: invitations.email });
    if (!updated.length) throw notFound("Invitation");
    await recordAudit(tx, { action: "team.invitation_reissue", accountId: input.accountId, targetType: "invitation", targetId: input.invitationId, after: { email: updated[0]!.email, expires_at: link.expiresAt } });
    return { invitationId: input.invitationId, acceptUrl: link.url, expiresAt: link.expiresAt };
  });
}

export async function revokeInvitation(db: Db, input: { accountId: string; invitationId: string }) {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(invitations)
      .where(and(eq(invitations.accountId, input.accountId), eq(invitations.id, input.invitationId)))
      .returning();
    if (!deleted.length) throw notFound("Invitation");
    await recordAudit(tx, { action: "team.invitation_revoke", accountId: input.accountId, targetType: "invitation", targetId: input.invitationId, before: { email: deleted[0]!.email, role: deleted[0]!.role } });
  });
}

export async function changeRole(
  db: Db,
  input: { accountId: string; actorRole: Role; targetUserId: string; role: Role },
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockedTarget(tx, input.accountId, input.targetUserId);
    if (!canAssignRole(input.actorRole, target.role, input.role)) {
      throw new AppError("insufficient_permissions", ROLE_REFUSAL);
    }
    if (target.role === "owner" && input.role !== "owner" && (await ownerCount(tx, input.accountId)) <= 1) {
      throw new AppError("last_owner", "The last owner cannot be demoted. Make someone else an owner first.");
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.targetUserId)));
    // A personal key acts with its member's current role (read on every call); a change of role also ends the key,
    // so a key handed to a script never silently gains (or keeps expecting) other rights: the member makes a new one.
    if (target.role !== input.role) await revokePersonalKeys(tx, { accountId: input.accountId, userId: input.targetUserId });
    await recordAudit(tx, { action: "team.role_change", accountId: input.accountId, targetType: "user", targetId: input.targetUserId, before: { role: target.role }, after: { role: input.role } });
  });
}

export async function removeMember(
  db: Db,
  input: { accountId: string; actorRole: Role; actorUserId: string; targetUserId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockedTarget(tx, input.accountId, input.targetUserId);
    const leavingSelf = input.actorUserId === input.targetUserId;
    if (!leavingSelf && !canAssignRole(input.actorRole, target.role, null)) {
      throw new AppError("insufficient_permissions", ROLE_REFUSAL);
    }
    if (target.role === "owner" && (await ownerCount(tx, input.accountId)) <= 1) {
      throw new AppError("last_owner", "The last owner cannot be removed. Make someone else an owner first.");
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.targetUserId)));
    // The member's personal key for this account goes with the membership (it would fail anyway without one, but a
    // revoked key stays dead if they are invited back).
    await revokePersonalKeys(tx, { accountId: input.accountId, userId: input.targetUserId });
    await recordAudit(tx, { action: "team.member_remove", accountId: input.accountId, targetType: "user", targetId: input.targetUserId, before: { role: target.role } });
  });
}
