import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { withoutHash, type ApiKey } from "./api-key";
import { generateApiKey } from "./hash-key";

/**
 * A new secret for the member's active personal key, in place (same id). The old hash is overwritten in this one
 * statement, and every instance authenticates by hash in the database on every call (no cache), so the old secret
 * gets 401 on its next use everywhere. No active personal key → 404 (create one first).
 */
export async function regeneratePersonalKey(db: Db, input: { accountId: string; userId: string }): Promise<{ apiKey: ApiKey; key: string }> {
  const generated = generateApiKey();
  const [row] = await db
    .update(apiKeys)
    .set({ keyHash: generated.hash, prefix: generated.prefix, lastUsedAt: null })
    .where(
      and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.userId, input.userId), eq(apiKeys.kind, "personal"), isNull(apiKeys.revokedAt)),
    )
    .returning();
  if (!row) throw notFound("Personal API key");
  return { apiKey: withoutHash(row), key: generated.key };
}
