import { and, eq, gt, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { userSessions, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endAllSessions } from "./end-sessions";
import type { SessionClaim } from "./session-user";
import { releaseSignInAttempt, reserveSignInAttempt } from "./sign-in-throttle";

/**
 * Settings → Security: checks the current password, stores the new one, and ends every other session of the
 * user; the browser that made the change (`claim`) stays signed in. Wrong current passwords count towards the
 * same per-email throttle as sign-in, so a borrowed session cannot be used to guess it.
 */
export async function changePassword(
  db: Db,
  input: { claim: SessionClaim; currentPassword: string; newPassword: string },
): Promise<{ endedSessions: number }> {
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(userSessions, eq(userSessions.userId, users.id))
    .where(and(eq(users.id, input.claim.userId), eq(userSessions.id, input.claim.sessionId), gt(userSessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!user) throw new AppError("unauthorized", "Your session has ended. Sign in again.");
  if (!user.passwordHash) {
    throw new AppError("password_not_set", "You sign in with GitHub or Google and have no password yet. Set one with “Forgot password?” on the sign-in page.");
  }
  // The attempt is reserved before the check (as sign-in does), so parallel guesses cannot outrun the limit.
  const attempt = await reserveSignInAttempt(db, user.email);
  if (!attempt.allowed) {
    throw new AppError("rate_limit_exceeded", "Too many wrong passwords for this email. Wait 15 minutes, then try again.", { details: { retry_after_seconds: attempt.retryAfterSeconds } });
  }
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("invalid_current_password", "Your current password is not correct.");
  }
  await releaseSignInAttempt(db, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await recordAudit(tx, { action: "password.change", accountId: null, targetType: "user", targetId: user.id, actor: { kind: "user", id: user.id } });
    return { endedSessions: await endAllSessions(tx, { userId: user.id, exceptSessionId: input.claim.sessionId }) };
  });
}
