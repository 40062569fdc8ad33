import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { userSessions, users } from "@/lib/db/schema";

/** What a session cookie claims: its user and its session row. Believed only once `findSessionUser` finds both. */
export interface SessionClaim {
  userId: string;
  sessionId: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isOperator: boolean;
  emailVerifiedAt: Date | null;
}

/**
 * The per-request user lookup: the user, read in the same query as their session row. A session that was ended
 * (sign-out, sign out everywhere, password change or reset) or has passed its absolute expiry finds nobody, on
 * every app instance alike, because the answer comes from the database and its clock, never from the cookie.
 */
export async function findSessionUser(db: Executor, claim: SessionClaim): Promise<SessionUser | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isOperator: users.isOperator, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .innerJoin(userSessions, eq(userSessions.userId, users.id))
    .where(and(eq(users.id, claim.userId), eq(userSessions.id, claim.sessionId), gt(userSessions.expiresAt, sql`now()`)))
    .limit(1);
  return user ?? null;
}
