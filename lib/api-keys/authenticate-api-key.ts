import { and, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Role } from "@/lib/auth/policy";
import type { Db } from "@/lib/db";
import { accounts, apiKeys, memberships, users } from "@/lib/db/schema";
import { suspensionOf, type AccountSuspension } from "@/lib/suspensions/account-suspension";
import { API_KEY_PATTERN, hashApiKey } from "./hash-key";

/** The member a personal key acts for, with their role in the key's account as it is at this request. */
export interface KeyMember {
  userId: string;
  role: Role;
  email: string;
  name: string;
}

export interface ApiKeyActor {
  apiKeyId: string;
  apiKeyName: string;
  apiKeyPrefix: string;
  /** 'service': the account's key (machine endpoints); 'personal': one member's key, with that member's rights. */
  keyKind: "service" | "personal";
  /** Set for personal keys only. */
  member: KeyMember | null;
  accountId: string;
  accountName: string;
  plan: string;
  /** Set while the key's account is suspended: the route wrapper then refuses all but the reads it allows. */
  suspension: AccountSuspension | null;
}

/**
 * Looks a presented key up by its hash; revoked keys fail at once. A personal key counts only while its user is a
 * member of the key's account, and carries the member's role as read now (the same rule as khata_api_key_gate,
 * drizzle/0017): nothing is cached, so regenerate, revoke, removal and role changes hold on the next call on every
 * instance. Records last use at most once a minute.
 */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKeyActor | null> {
  if (!API_KEY_PATTERN.test(presented)) return null;
  const [row] = await db
    .select({
      apiKeyId: apiKeys.id,
      apiKeyName: apiKeys.name,
      apiKeyPrefix: apiKeys.prefix,
      keyKind: apiKeys.kind,
      accountId: apiKeys.accountId,
      accountName: accounts.name,
      plan: accounts.plan,
      suspendedAt: accounts.suspendedAt,
      suspensionReason: accounts.suspensionReason,
      lastUsedAt: apiKeys.lastUsedAt,
      memberUserId: memberships.userId,
      memberRole: memberships.role,
      memberEmail: users.email,
      memberName: users.name,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .leftJoin(
      memberships,
      and(eq(apiKeys.kind, "personal"), eq(memberships.accountId, apiKeys.accountId), eq(memberships.userId, apiKeys.userId)),
    )
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(apiKeys.keyHash, hashApiKey(presented)),
        isNull(apiKeys.revokedAt),
        or(eq(apiKeys.kind, "service"), isNotNull(memberships.userId)),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.apiKeyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  const { lastUsedAt: _ignored, suspendedAt, suspensionReason, memberUserId, memberRole, memberEmail, memberName, ...actor } = row;
  const member =
    row.keyKind === "personal" && memberUserId && memberRole
      ? { userId: memberUserId, role: memberRole, email: memberEmail ?? "", name: memberName ?? "" }
      : null;
  return { ...actor, member, suspension: suspensionOf({ suspendedAt, suspensionReason }) };
}
