import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import { findUserByEmail, signUp } from "./sign-up";

const NOTICE_WINDOW_MS = 60 * 60 * 1000;

/**
 * The sign-up form's service. It answers the same whether or not the email already has an account, so the form
 * cannot be used to find out who uses Khata: a new email gets a user, an account and a verification mail; a
 * registered one gets a notice mail to its owner (at most one an hour) and nothing else changes. Both branches
 * pay for the password hash first, so the registered one does not answer sooner.
 */
export async function signUpWithPassword(
  db: Db,
  input: { email: string; name: string; password: string; accountName: string; now?: Date; /** The caller's IP, for the hash gate's one-place-per-IP rule. */ clientKey?: string | null },
): Promise<void> {
  const passwordHash = await hashPassword(input.password, undefined, { clientKey: input.clientKey ?? undefined });
  try {
    await signUp(db, { email: input.email, name: input.name, accountName: input.accountName, passwordHash });
    return;
  } catch (error) {
    if (!(error instanceof AppError && error.code === "email_taken")) throw error;
  }
  await db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    if (!existing) return;
    const appUrl = getEnv().APP_URL;
    const window = Math.floor((input.now ?? new Date()).getTime() / NOTICE_WINDOW_MS);
    await enqueueEmail(tx, {
      to: existing.email,
      template: "sign-up-attempt",
      data: { name: existing.name, signInUrl: `${appUrl}/sign-in`, resetUrl: `${appUrl}/forgot-password` },
      dedupeKey: `sign-up-attempt:${existing.id}:${window}`,
    });
  });
}
