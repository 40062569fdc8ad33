import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { emailVerificationTokens, users } from "@/lib/db/schema";
import { endAllSessions } from "./end-sessions";
import { findUserByEmail, signUp } from "./sign-up";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";

/**
 * Signs in with a provider's verified email. First time: a new verified user with a personal account (owner).
 * An existing verified user is linked. An existing user who never verified that address does not get the
 * provider login added to their password: whoever registered it may not be its owner, so the provider's proof
 * wins: the address becomes verified, the unverified password stops working, their sessions end and open
 * verification links die.
 */
export async function findOrCreateOAuthUser(db: Db, input: { email: string; name: string; now?: Date }) {
  const now = input.now ?? new Date();
  const existing = await findUserByEmail(db, input.email);
  if (existing) return existing.emailVerifiedAt ? existing : takeOverUnverified(db, existing.id, now);
  try {
    const { userId } = await signUp(db, {
      email: input.email,
      name: input.name,
      passwordHash: null,
      accountName: `${input.name}'s account`,
      emailVerifiedAt: now,
    });
    return { id: userId, email: input.email, name: input.name };
  } catch (error) {
    if ((error instanceof AppError && error.code === "email_taken") || isUniqueViolation(error)) {
      const again = await findUserByEmail(db, input.email);
      if (again) return again.emailVerifiedAt ? again : takeOverUnverified(db, again.id, now);
    }
    throw error;
  }
}

async function takeOverUnverified(db: Db, userId: string, now: Date) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ emailVerifiedAt: now, passwordHash: null })
      .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
      .returning();
    await tx
      .update(emailVerificationTokens)
      .set({ usedAt: now })
      .where(and(eq(emailVerificationTokens.userId, userId), isNull(emailVerificationTokens.usedAt)));
    // Whoever held the address before loses the sessions they already have, not only the password.
    if (user) {
      await endAllSessions(tx, { userId });
      return user;
    }
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    return current!;
  });
}
