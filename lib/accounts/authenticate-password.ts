import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordFailedSignIn, signInBlockedForSeconds } from "./sign-in-throttle";

// Compared against when the email is unknown, so a miss costs the same time as a hit.
let dummyHash: Promise<string> | undefined;

export type PasswordSignIn =
  | { status: "ok"; user: typeof users.$inferSelect }
  | { status: "invalid" }
  /** Too many failed attempts for this email: refused without looking at the password. */
  | { status: "throttled"; retryAfterSeconds: number };

export async function authenticatePassword(db: Db, input: { email: string; password: string }): Promise<PasswordSignIn> {
  const blockedFor = await signInBlockedForSeconds(db, input.email);
  if (blockedFor !== null) return { status: "throttled", retryAfterSeconds: blockedFor };
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  let valid = false;
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(input.password, await dummyHash);
  } else {
    valid = await verifyPassword(input.password, user.passwordHash);
  }
  if (!user || !valid) {
    await recordFailedSignIn(db, input.email);
    return { status: "invalid" };
  }
  return { status: "ok", user };
}
