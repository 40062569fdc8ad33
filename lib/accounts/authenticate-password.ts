import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { acceptInvitations } from "./accept-invitations";

// Compared against when the email is unknown, so a miss costs the same time as a hit.
let dummyHash: Promise<string> | undefined;

export async function authenticatePassword(db: Db, input: { email: string; password: string }) {
  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(input.password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) return null;
  await acceptInvitations(db, { userId: user.id, email: user.email });
  return user;
}
