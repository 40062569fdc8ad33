import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { accounts, invitations, memberships, users } from "@/lib/db/schema";
import { canAssignRole, type Role } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { emitUserCreated } from "./emit-user-created";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, accountId: string) {
  const members: MemberRow[] = await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.createdAt));
  const pending = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, invitedAt: invitations.createdAt })
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

/**
 * Adds a person by email: an existing user becomes a member at once; anyone else gets a pending invitation
 * that turns into a membership when they sign up or sign in with that email.
 */
export async function inviteMember(
  db: Db,
  input: { accountId: string; actorRole: Role; actorUserId: string; email: string; role: Role },
): Promise<{ status: "added" | "invited" | "already_member" }> {
  if (!canAssignRole(input.actorRole, null, input.role)) {
    throw new AppError("insufficient_permissions", "Only an owner can add another owner.");
  }
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, input.email)).limit(1);
    if (user) {
      const inserted = await tx
        .insert(memberships)
        .values({ accountId: input.accountId, userId: user.id, role: input.role })
        .onConflictDoNothing()
        .returning();
      if (inserted.length) await emitUserCreated(tx, { accountId: input.accountId, userId: user.id, email: user.email, role: input.role });
      return { status: inserted.length ? "added" : "already_member" } as const;
    }
    await tx
      .insert(invitations)
      .values({ id: newId("inv"), accountId: input.accountId, email: input.email, role: input.role, invitedByUserId: input.actorUserId })
      .onConflictDoUpdate({ target: [invitations.accountId, invitations.email], set: { role: input.role } });
    return { status: "invited" } as const;
  });
}

export async function revokeInvitation(db: Db, input: { accountId: string; invitationId: string }) {
  const deleted = await db
    .delete(invitations)
    .where(and(eq(invitations.accountId, input.accountId), eq(invitations.id, input.invitationId)))
    .returning();
  if (!deleted.length) throw notFound("Invitation");
}

export async function changeRole(
  db: Db,
  input: { accountId: string; actorRole: Role; targetUserId: string; role: Role },
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockedTarget(tx, input.accountId, input.targetUserId);
    if (!canAssignRole(input.actorRole, target.role, input.role)) {
      throw new AppError("insufficient_permissions", "Only an owner can change an owner's role or make someone an owner.");
    }
    if (target.role === "owner" && input.role !== "owner" && (await ownerCount(tx, input.accountId)) <= 1) {
      throw new AppError("last_owner", "The last owner cannot be demoted. Make someone else an owner first.");
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.targetUserId)));
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
      throw new AppError("insufficient_permissions", "Only an owner can remove an owner.");
    }
    if (target.role === "owner" && (await ownerCount(tx, input.accountId)) <= 1) {
      throw new AppError("last_owner", "The last owner cannot be removed. Make someone else an owner first.");
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.targetUserId)));
  });
}
