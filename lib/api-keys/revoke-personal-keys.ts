import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db, Executor } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { withoutHash, type ApiKey } from "./api-key";

/**
 * Revokes the member's active personal key for the account, in the caller's transaction: the member's own
 * "Revoke" (revokeOwnPersonalKey), a manager's (lib/accounts/revoke-member-key.ts), and lib/accounts/members.ts
 * when the membership is removed or its role changes (that change's own audit entry covers it). Returns what was
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

/** The member ends their own personal key: one transaction with its audit entry; no active key → nothing, no entry. */
export async function revokeOwnPersonalKey(db: Db, input: { accountId: string; userId: string }): Promise<ApiKey[]> {
  return db.transaction(async (tx) => {
    const revoked = await revokePersonalKeys(tx, input);
    for (const key of revoked) await recordAudit(tx, { action: "api_key.personal_revoke", accountId: input.accountId, targetType: "api_key", targetId: key.id, before: { revoked_at: null }, after: { revoked_at: key.revokedAt } });
    return revoked;
  });
}
