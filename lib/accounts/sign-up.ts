import { eq } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { accounts, memberships, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isUniqueViolation } from "@/lib/db/errors";
import { issueEmailVerification } from "./email-verification";
import { emitUserCreated } from "./emit-user-created";

export interface SignUpResult {
  userId: string;
  accountId: string;
  /** The verification mail to dispatch once committed (null when the email came verified, e.g. from OAuth). */
  verificationEmailId: string | null;
}

/**
 * Creates a user and their company account, with the user as owner, in one transaction. An unverified email
 * gets a verification link; pending invitations are never accepted here (only through their link).
 */
export async function signUp(
  db: Db,
  input: {
    email: string;
    name: string;
    passwordHash: string | null;
    accountName: string;
    isOperator?: boolean;
    /** When the address is already proven (a provider's verified email, the demo seed). */
    emailVerifiedAt?: Date | null;
  },
): Promise<SignUpResult> {
  try {
    return await db.transaction(async (tx) => {
      const userId = newId("usr");
      const accountId = newId("acc");
      await tx.insert(users).values({
        id: userId,
        email: input.email,
        name: input.name,
        passwordHash: input.passwordHash,
        isOperator: input.isOperator ?? false,
        emailVerifiedAt: input.emailVerifiedAt ?? null,
      });
      await tx.insert(accounts).values({ id: accountId, name: input.accountName });
      await tx.insert(memberships).values({ accountId, userId, role: "owner" });
      await emitUserCreated(tx, { accountId, userId, email: input.email, name: input.name, role: "owner" });
      const verificationEmailId = input.emailVerifiedAt
        ? null
        : await issueEmailVerification(tx, { userId, email: input.email, name: input.name });
      return { userId, accountId, verificationEmailId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      throw new AppError("email_taken", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

export async function findUserByEmail(db: Executor, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user ?? null;
}

