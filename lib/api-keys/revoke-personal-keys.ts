import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { withoutHash, type ApiKey } from "./api-key";

/**
 * Revokes the member's active personal key for the account, in the caller's transaction: the member's own
 * "Revoke", and lib/accounts/members.ts when the membership is removed or its role changes. Returns what was
 * revoked (empty when there was no active key: revoking again is a no-op).
 */
export async function revokePersonalKeys(tx: Executor, input: { accountId: string; userId: string }): Promise<ApiKey[]> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.userId, input.userId), eq(apiKeys.kind, "personal"), isNull(apiKeys.revokedAt)),
    )
    .returning();
  return rows.map(withoutHash);
}
