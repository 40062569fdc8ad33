import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { passwordResetTokens, users } from "@/lib/db/schema";
import { endAllSessions } from "./end-sessions";
import { hashToken, TOKEN_PATTERN } from "./one-time-token";

export type ResetLinkProblem = "invalid" | "used" | "expired";
export type ResetPasswordResult = { status: "reset"; email: string } | { status: ResetLinkProblem };

/** What /reset-password shows before the form: whether the link can still be spent (changes nothing). */
export async function passwordResetLinkStatus(db: Db, input: { token: string; now?: Date }): Promise<"valid" | ResetLinkProblem> {
  if (!TOKEN_PATTERN.test(input.token)) return "invalid";
  const now = input.now ?? new Date();
  const [row] = await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, hashToken(input.token))).limit(1);
  if (!row) return "invalid";
  if (row.usedAt) return "used";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

/**
 * Spends a reset link: sets the new password, marks the email verified (the link proved they read it), spends
 * every other outstanding reset link of the user and ends all their sessions. They sign in again afterwards.
 */
export async function resetPassword(db: Db, input: { token: string; passwordHash: string; now?: Date }): Promise<ResetPasswordResult> {
  if (!TOKEN_PATTERN.test(input.token)) return { status: "invalid" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, hashToken(input.token)))
      .for("update");
    if (!row) return { status: "invalid" } as const;
    if (row.usedAt) return { status: "used" } as const;
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" } as const;
    const updated = await tx
      .update(users)
      .set({ passwordHash: input.passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(users.id, row.userId), eq(users.email, row.email)))
      .returning({ id: users.id });
    if (!updated.length) return { status: "invalid" } as const; // the address changed since the link was mailed
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, row.userId), isNull(passwordResetTokens.usedAt)));
    await endAllSessions(tx, { userId: row.userId });
    await recordAudit(tx, { action: "password.reset", accountId: null, targetType: "user", targetId: row.userId, actor: { kind: "user", id: row.userId } });
    return { status: "reset", email: row.email } as const;
  });
}
