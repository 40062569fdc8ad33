import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { accounts, invitations, memberships, users } from "@/lib/db/schema";
import { invitationAcceptance, type Role } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { emitUserCreated } from "./emit-user-created";
import { hashToken, TOKEN_PATTERN } from "./one-time-token";

export type InvitationPreview =
  | { state: "invalid" }
  | { state: "expired"; accountName: string }
  | {
      state: "sign_in" | "unverified" | "wrong_email" | "ready";
      accountName: string;
      role: Role;
      invitedEmail: string;
    };

async function findByToken(tx: Executor, token: string, lock: boolean) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const query = tx
    .select({ invitation: invitations, accountName: accounts.name })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  const [row] = lock ? await query.for("update", { of: invitations }) : await query;
  return row ?? null;
}

const isExpired = (expiresAt: Date | null, now: Date) => !expiresAt || expiresAt.getTime() <= now.getTime();

/** What the accept page should say for this link and this (possibly signed-out) user. Changes nothing. */
export async function previewInvitation(db: Db, input: { token: string; userId: string | null; now?: Date }): Promise<InvitationPreview> {
  const row = await findByToken(db, input.token, false);
  if (!row) return { state: "invalid" };
  if (isExpired(row.invitation.expiresAt, input.now ?? new Date())) return { state: "expired", accountName: row.accountName };
  const base = { accountName: row.accountName, role: row.invitation.role, invitedEmail: row.invitation.email };
  if (!input.userId) return { state: "sign_in", ...base };
  const [user] = await db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) return { state: "sign_in", ...base };
  const verdict = invitationAcceptance(user, row.invitation.email);
  return { state: verdict === "allowed" ? "ready" : verdict, ...base };
}

/**
 * Spends an invitation link: the signed-in user joins the account with the invited role, if their verified
 * email is the invited one. The invitation is gone afterwards, so the link works once.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; userId: string; now?: Date },
): Promise<{ accountId: string; accountName: string; role: Role }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await findByToken(tx, input.token, true);
    if (!row) {
      throw new AppError("invitation_invalid", "This invitation link is not valid: it was withdrawn, replaced by a newer link, or already used.");
    }
    if (isExpired(row.invitation.expiresAt, now)) {
      throw new AppError("invitation_expired", "This invitation link has expired. Ask the person who invited you for a new one.");
    }
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).limit(1);
    if (!user) throw new AppError("unauthorized", "Sign in to accept this invitation.");
    const verdict = invitationAcceptance(user, row.invitation.email);
    if (verdict === "wrong_email") {
      throw new AppError("invitation_email_mismatch", "This invitation is for a different email address. Sign in with the invited address.");
    }
    if (verdict === "unverified") {
      throw new AppError("email_unverified", "Confirm your email address first: open the link we mailed you, then accept again.");
    }
    const { accountId, role } = row.invitation;
    const joined = await tx.insert(memberships).values({ accountId, userId: user.id, role }).onConflictDoNothing().returning();
    if (joined.length) await emitUserCreated(tx, { accountId, userId: user.id, email: user.email, name: user.name, role });
    await tx.delete(invitations).where(eq(invitations.id, row.invitation.id));
    return { accountId, accountName: row.accountName, role };
  });
}
