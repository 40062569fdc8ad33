import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { withoutHash, type ApiKey } from "./api-key";
import { generateApiKey } from "./hash-key";

/**
 * A new secret for the member's active personal key, in place (same id). The old hash is overwritten in one
 * transaction (the key row locked FOR UPDATE, its audit entry written with it), and every instance authenticates by
 * hash in the database on every call (no cache), so the old secret gets 401 on its next use everywhere. No active
 * personal key → 404 (create one first).
 */
export async function regeneratePersonalKey(db: Db, input: { accountId: string; userId: string }): Promise<{ apiKey: ApiKey; key: string }> {
  const generated = generateApiKey();
  const active = and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.userId, input.userId), eq(apiKeys.kind, "personal"), isNull(apiKeys.revokedAt));
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select({ id: apiKeys.id, prefix: apiKeys.prefix }).from(apiKeys).where(active).for("update");
    if (!before) return undefined;
    const [updated] = await tx.update(apiKeys).set({ keyHash: generated.hash, prefix: generated.prefix, lastUsedAt: null }).where(eq(apiKeys.id, before.id)).returning();
    await recordAudit(tx, { action: "api_key.personal_regenerate", accountId: input.accountId, targetType: "api_key", targetId: before.id, before: { prefix: before.prefix }, after: { prefix: updated!.prefix } });
    return updated!;
  });
  if (!row) throw notFound("Personal API key");
  return { apiKey: withoutHash(row), key: generated.key };
}
