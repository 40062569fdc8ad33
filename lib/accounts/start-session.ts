import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { userSessions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

/**
 * Records a new signed-in session for the user (called once per sign-in, from Auth.js's jwt callback) and returns
 * its id, which the session cookie carries. The user's own expired rows go at the same time.
 */
export async function startSession(db: Db, input: { userId: string; maxAgeSeconds: number }): Promise<string> {
  const id = newId("ses", 24);
  await db.transaction(async (tx) => {
    await tx.delete(userSessions).where(and(eq(userSessions.userId, input.userId), lte(userSessions.expiresAt, sql`now()`)));
    await tx.insert(userSessions).values({
      id,
      userId: input.userId,
      expiresAt: sql`now() + make_interval(secs => ${input.maxAgeSeconds})`,
    });
  });
  return id;
}
