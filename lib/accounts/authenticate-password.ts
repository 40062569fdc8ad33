import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { dummyPasswordHash, verifyPassword, type HashCaller } from "@/lib/auth/password";
import { hitIpLimit, releaseIpHit } from "@/lib/rate-limit/ip-limits";
import { releaseSignInAttempt, reserveSignInAttempt } from "./sign-in-throttle";

export type PasswordSignIn =
  | { status: "ok"; user: typeof users.$inferSelect }
  | { status: "invalid" }
  /** Too many failed attempts for this email: refused without looking at the password. */
  | { status: "throttled"; retryAfterSeconds: number }
  /** Too many attempts from this IP (the per-IP sign-in budget): refused without looking at the password. */
  | { status: "rate_limited"; retryAfterSeconds: number }
  /** Every password-hash slot is taken (lib/auth/hash-gate.ts): nothing was checked, nothing counted. */
  | { status: "busy"; retryAfterSeconds: number };

export interface SignInOptions {
  /**
   * Where the attempt comes from: `ip` is the client IP, or null when it is not known (no trusted proxy), which
   * files it under the shared "direct" budget. Omitted (scripts, tests): no per-IP budget.
   */
  network?: { ip: string | null };
  /** The password check; tests count calls with it. */
  verify?: (password: string, stored: string, caller: HashCaller) => Promise<boolean>;
}

/**
 * Per-IP budget, then the email's budget, both *reserved* before the password is checked and given back when the
 * sign-in succeeds or the check never ran: concurrent guesses cannot all slip in before their failures are counted.
 */
export async function authenticatePassword(db: Db, input: { email: string; password: string }, options: SignInOptions = {}): Promise<PasswordSignIn> {
  const verify = options.verify ?? verifyPassword;
  const network = options.network;
  if (network) {
    const ipDecision = await hitIpLimit(db, "sign-in", network.ip);
    if (!ipDecision.allowed) return { status: "rate_limited", retryAfterSeconds: ipDecision.retryAfterSeconds };
  }
  const giveBack = async () => {
    await releaseSignInAttempt(db, input.email);
    if (network) await releaseIpHit(db, "sign-in", network.ip);
  };
  const attempt = await reserveSignInAttempt(db, input.email);
  if (!attempt.allowed) return { status: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };

  let valid: boolean;
  let user: typeof users.$inferSelect | undefined;
  try {
    [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
    const caller = { clientKey: network?.ip ?? null };
    // An unknown email costs the same full-cost check as a known one, so timing reveals nothing.
    valid = user?.passwordHash ? await verify(input.password, user.passwordHash, caller) : (await verify(input.password, await dummyPasswordHash(), caller), false);
  } catch (error) {
    await giveBack().catch(() => {});
    if (error instanceof AppError && error.code === "too_many_requests") {
      return { status: "busy", retryAfterSeconds: error.retryAfterSeconds ?? 1 };
    }
    throw error;
  }
  if (!user || !valid) return { status: "invalid" };
  await giveBack();
  return { status: "ok", user };
}
