import { and, eq, lte, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db, Executor } from "@/lib/db";
import { userSessions } from "@/lib/db/schema";
import type { SessionClaim } from "./session-user";

/** Sign-out: ends this one session (its cookie, or any copy of it, is refused from now on). */
export async function endSession(db: Executor, claim: SessionClaim): Promise<void> {
  await db.delete(userSessions).where(and(eq(userSessions.id, claim.sessionId), eq(userSessions.userId, claim.userId)));
}

/**
 * Ends every session of the user ("sign out everywhere", password reset), or every one but `exceptSessionId`
 * (a password change keeps the browser that made it). Returns how many ended.
 */
export async function endAllSessions(db: Executor, input: { userId: string; exceptSessionId?: string }): Promise<number> {
  const ended = await db
    .delete(userSessions)
    .where(
      input.exceptSessionId
        ? and(eq(userSessions.userId, input.userId), ne(userSessions.id, input.exceptSessionId))
        : eq(userSessions.userId, input.userId),
    )
    .returning({ id: userSessions.id });
  return ended.length;
}

/** "Sign out everywhere": ends every session of the user, with its audit entry, in one transaction. */
export async function revokeAllSessions(db: Db, input: { userId: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await endAllSessions(tx, { userId: input.userId });
    await recordAudit(tx, { action: "sessions.revoke", accountId: null, targetType: "user", targetId: input.userId, after: { ended_sessions: ended }, actor: { kind: "user", id: input.userId } });
    return ended;
  });
}

/** Crontab (purge-expired-sessions): rows past their absolute expiry find nobody anyway; this keeps the table small. */
export async function purgeExpiredSessions(db: Executor): Promise<number> {
  const purged = await db.delete(userSessions).where(lte(userSessions.expiresAt, sql`now()`)).returning({ id: userSessions.id });
  return purged.length;
}
