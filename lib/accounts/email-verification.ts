import { and, eq, isNull } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db, Executor } from "@/lib/db";
import { emailVerificationTokens, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import { hashToken, newOneTimeToken, TOKEN_PATTERN } from "./one-time-token";

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

export const verifyEmailUrl = (token: string) => `${getEnv().APP_URL}/verify-email?token=${encodeURIComponent(token)}`;

/** Creates a single-use 24 h verification link for the user's email and records its mail. Returns the email id. */
export async function issueEmailVerification(
  tx: Executor,
  input: { userId: string; email: string; name: string; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const { token, tokenHash } = newOneTimeToken();
  const id = newId("evt");
  await tx.insert(emailVerificationTokens).values({
    id,
    userId: input.userId,
    email: input.email,
    tokenHash,
    expiresAt: new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS),
  });
  return enqueueEmail(tx, { to: input.email, template: "verify-email", data: { name: input.name, url: verifyEmailUrl(token) }, dedupeKey: `verify-email:${id}` });
}

/** For the dashboard's "resend" button: a new link for an unverified user (none for a verified one). */
export async function resendEmailVerification(db: Db, input: { userId: string; now?: Date }): Promise<{ emailId: string | null }> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).limit(1);
    if (!user || user.emailVerifiedAt) return { emailId: null };
    return { emailId: await issueEmailVerification(tx, { userId: user.id, email: user.email, name: user.name, now: input.now }) };
  });
}

export type VerifyEmailResult = { status: "verified"; email: string } | { status: "invalid" | "used" | "expired" };

/** Spends a verification link: marks the user's email verified if the link is known, unused, unexpired and still theirs. */
export async function verifyEmail(db: Db, input: { token: string; now?: Date }): Promise<VerifyEmailResult> {
  if (!TOKEN_PATTERN.test(input.token)) return { status: "invalid" };
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(emailVerificationTokens)
      .where(eq(emailVerificationTokens.tokenHash, hashToken(input.token)))
      .for("update");
    if (!row) return { status: "invalid" } as const;
    if (row.usedAt) return { status: "used" } as const;
    if (row.expiresAt.getTime() <= now.getTime()) return { status: "expired" } as const;
    await tx.update(emailVerificationTokens).set({ usedAt: now }).where(eq(emailVerificationTokens.id, row.id));
    const verified = await tx
      .update(users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(users.id, row.userId), eq(users.email, row.email), isNull(users.emailVerifiedAt)))
      .returning({ id: users.id });
    const [user] = verified.length ? [] : await tx.select().from(users).where(eq(users.id, row.userId));
    if (!verified.length && (!user || user.email !== row.email)) return { status: "invalid" } as const;
    return { status: "verified", email: row.email } as const;
  });
}
