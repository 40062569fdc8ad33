import { eq } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { passwordResetTokens, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import { newOneTimeToken } from "./one-time-token";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export const resetPasswordUrl = (token: string) => `${getEnv().APP_URL}/reset-password?token=${encodeURIComponent(token)}`;

/**
 * Run by the issue-password-reset job: for an email with an account, a single-use 1 h reset link (only its hash
 * is stored) and its mail; for any other email, nothing at all. Returns the mail's id, or null.
 */
export async function issuePasswordReset(db: Db, input: { email: string; now?: Date }): Promise<{ emailId: string | null }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, input.email)).limit(1);
    if (!user) return { emailId: null };
    const { token, tokenHash } = newOneTimeToken();
    const id = newId("prt");
    await tx.insert(passwordResetTokens).values({
      id,
      userId: user.id,
      email: user.email,
      tokenHash,
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
    });
    const emailId = await enqueueEmail(tx, {
      to: user.email,
      template: "password-reset",
      data: { name: user.name, url: resetPasswordUrl(token) },
      dedupeKey: `password-reset:${id}`,
    });
    return { emailId };
  });
}
