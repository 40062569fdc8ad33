import { recordAudit } from "@/lib/audit/record-audit";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts, memberships, users } from "@/lib/db/schema";
import type { Role } from "@/lib/auth/policy";
import { newId } from "@/lib/ids";
import { emitUserCreated } from "./emit-user-created";
import { findSessionUser, type SessionClaim, type SessionUser } from "./session-user";

export interface AccountChoice {
  accountId: string;
  accountName: string;
  role: Role;
  /** Set while the account is suspended (lib/suspensions). */
  suspendedAt: Date | null;
  suspensionReason: string | null;
}

export async function listUserAccounts(db: Db, userId: string): Promise<AccountChoice[]> {
  return db
    .select({
      accountId: accounts.id,
      accountName: accounts.name,
      role: memberships.role,
      suspendedAt: accounts.suspendedAt,
      suspensionReason: accounts.suspensionReason,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(accounts.id));
}

export interface ResolvedMember {
  user: SessionUser;
  account: AccountChoice | null;
  accounts: AccountChoice[];
}

/**
 * Re-reads the user (with their session, see session-user.ts) and their memberships from the database on every
 * request: an ended session finds nobody, and a removed or demoted member loses the old rights on their next
 * request, whatever their session cookie says.
 */
export async function resolveMember(db: Db, claim: SessionClaim, preferredAccountId?: string | null): Promise<ResolvedMember | null> {
  const user = await findSessionUser(db, claim);
  if (!user) return null;
  const choices = await listUserAccounts(db, user.id);
  const account = choices.find((c) => c.accountId === preferredAccountId) ?? choices[0] ?? null;
  return { user, account, accounts: choices };
}

export async function createAccountForUser(db: Db, input: { userId: string; name: string }): Promise<string> {
  const accountId = newId("acc");
  await db.transaction(async (tx) => {
    await tx.insert(accounts).values({ id: accountId, name: input.name });
    await tx.insert(memberships).values({ accountId, userId: input.userId, role: "owner" });
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId));
    if (user) await emitUserCreated(tx, { accountId, userId: input.userId, email: user.email, name: user.name, role: "owner" });
    await recordAudit(tx, { action: "account.create", accountId, targetType: "account", targetId: accountId, after: { name: input.name, owner_user_id: input.userId } });
  });
  return accountId;
}

export async function isMember(db: Db, userId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.accountId, accountId)))
    .limit(1);
  return Boolean(row);
}
