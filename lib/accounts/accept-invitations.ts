import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invitations, memberships } from "@/lib/db/schema";
import { emitUserCreated } from "./emit-user-created";

/** Turns pending invitations for an email into memberships (on sign-up and on each sign-in). */
export async function acceptInvitations(tx: Executor, input: { userId: string; email: string }): Promise<number> {
  const pending = await tx.delete(invitations).where(eq(invitations.email, input.email)).returning();
  for (const invite of pending) {
    const joined = await tx
      .insert(memberships)
      .values({ accountId: invite.accountId, userId: input.userId, role: invite.role })
      .onConflictDoNothing()
      .returning();
    if (joined.length) await emitUserCreated(tx, { accountId: invite.accountId, userId: input.userId, email: input.email, role: invite.role });
  }
  return pending.length;
}
