import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { withoutHash, type ApiKey } from "./api-key";
import { generateApiKey } from "./hash-key";

/**
 * Replaces an active key's secret in place: same id and name (so usage history stays attached), new hash and
 * prefix. The old secret's hash is gone from the table, so it fails authentication at once. Service keys only: an
 * admin can never read a member's personal secret through this (a personal key id → 404).
 */
export async function regenerateApiKey(db: Db, input: { accountId: string; keyId: string }): Promise<{ apiKey: ApiKey; key: string }> {
  const generated = generateApiKey();
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select({ prefix: apiKeys.prefix }).from(apiKeys).where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.accountId, input.accountId), eq(apiKeys.kind, "service"), isNull(apiKeys.revokedAt))).for("update");
    if (!before) return undefined;
    const [updated] = await tx.update(apiKeys).set({ keyHash: generated.hash, prefix: generated.prefix, lastUsedAt: null }).where(eq(apiKeys.id, input.keyId)).returning();
    await recordAudit(tx, { action: "api_key.regenerate", accountId: input.accountId, targetType: "api_key", targetId: input.keyId, before: { prefix: before.prefix }, after: { prefix: updated!.prefix } });
    return updated!;
  });
  if (!row) {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.accountId, input.accountId), eq(apiKeys.kind, "service")));
    if (!existing) throw notFound("API key");
    throw new AppError("conflict", "This key is revoked; create a new key instead.");
  }
  return { apiKey: withoutHash(row), key: generated.key };
}
