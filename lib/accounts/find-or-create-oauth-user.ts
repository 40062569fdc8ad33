import type { Db } from "@/lib/db";
import { acceptInvitations } from "./accept-invitations";
import { findUserByEmail, signUp } from "./sign-up";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";

/** First OAuth sign-in creates the user and a personal account (as owner); later ones find them by email. */
export async function findOrCreateOAuthUser(db: Db, input: { email: string; name: string }) {
  const existing = await findUserByEmail(db, input.email);
  if (existing) {
    await acceptInvitations(db, { userId: existing.id, email: existing.email });
    return existing;
  }
  try {
    const { userId } = await signUp(db, {
      email: input.email,
      name: input.name,
      passwordHash: null,
      accountName: `${input.name}'s account`,
    });
    return { id: userId, email: input.email, name: input.name };
  } catch (error) {
    if ((error instanceof AppError && error.code === "email_taken") || isUniqueViolation(error)) {
      const again = await findUserByEmail(db, input.email);
      if (again) return again;
    }
    throw error;
  }
}
