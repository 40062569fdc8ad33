import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accounts, apiKeys } from "@/lib/db/schema";
import { suspensionOf, type AccountSuspension } from "@/lib/suspensions/account-suspension";
import { API_KEY_PATTERN, hashApiKey } from "./hash-key";

export interface ApiKeyActor {
  apiKeyId: string;
  apiKeyName: string;
  apiKeyPrefix: string;
  accountId: string;
  accountName: string;
  plan: string;
  /** Set while the key's account is suspended: the route wrapper then refuses all but the reads it allows. */
  suspension: AccountSuspension | null;
}

/** Looks a presented key up by its hash; revoked keys fail at once. Records last use at most once a minute. */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKeyActor | null> {
  if (!API_KEY_PATTERN.test(presented)) return null;
  const [row] = await db
    .select({
      apiKeyId: apiKeys.id,
      apiKeyName: apiKeys.name,
      apiKeyPrefix: apiKeys.prefix,
      accountId: apiKeys.accountId,
      accountName: accounts.name,
      plan: accounts.plan,
      suspendedAt: accounts.suspendedAt,
      suspensionReason: accounts.suspensionReason,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.apiKeyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  }
  const { lastUsedAt: _ignored, suspendedAt, suspensionReason, ...actor } = row;
  return { ...actor, suspension: suspensionOf({ suspendedAt, suspensionReason }) };
}
