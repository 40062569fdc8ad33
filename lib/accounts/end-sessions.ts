import { and, eq, lte, ne, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
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

/** Crontab (purge-expired-sessions): rows past their absolute expiry find nobody anyway; this keeps the table small. */
export async function purgeExpiredSessions(db: Executor): Promise<number> {
  const purged = await db.delete(userSessions).where(lte(userSessions.expiresAt, sql`now()`)).returning({ id: userSessions.id });
  return purged.length;
}
