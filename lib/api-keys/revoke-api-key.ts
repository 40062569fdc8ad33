import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { withoutHash, type ApiKey } from "./api-key";

/**
 * Revokes a key of the account; authentication checks `revoked_at` on every request, so the key fails at once.
 * Revoking an already revoked key is a no-op that returns it. Another account's key id, or a member's personal key → 404.
 */
export async function revokeApiKey(db: Db, input: { accountId: string; keyId: string }): Promise<ApiKey> {
  const scope = and(eq(apiKeys.id, input.keyId), eq(apiKeys.accountId, input.accountId), eq(apiKeys.kind, "service"));
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(scope).for("update");
    if (!before) throw notFound("API key");
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(scope)
      .returning();
    // Revoking again changes nothing, so it records nothing.
    if (before.revokedAt === null) await recordAudit(tx, { action: "api_key.revoke", accountId: input.accountId, targetType: "api_key", targetId: input.keyId, before: { revoked_at: null }, after: { revoked_at: row!.revokedAt } });
    return withoutHash(row!);
  });
}
