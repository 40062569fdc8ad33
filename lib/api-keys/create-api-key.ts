import { recordAudit } from "@/lib/audit/record-audit";
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { withoutHash, type ApiKey } from "./api-key";
import { generateApiKey } from "./hash-key";
import { MAX_ACTIVE_KEYS_PER_ACCOUNT } from "./schemas";

/** Creates a service key for the account (members' personal keys: create-personal-key.ts). The returned `key` is the only time the secret exists outside the caller. */
export async function createApiKey(
  db: Db,
  input: { accountId: string; name: string; createdByUserId: string | null },
): Promise<{ apiKey: ApiKey; key: string }> {
  const [active] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.kind, "service"), isNull(apiKeys.revokedAt)));
  if ((active?.n ?? 0) >= MAX_ACTIVE_KEYS_PER_ACCOUNT) {
    throw new AppError("conflict", `An account can have at most ${MAX_ACTIVE_KEYS_PER_ACCOUNT} active keys; revoke one first.`);
  }
  const generated = generateApiKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id: newId("key"),
        accountId: input.accountId,
        kind: "service",
        name: input.name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        createdByUserId: input.createdByUserId,
      })
      .returning();
    await recordAudit(tx, { action: "api_key.create", accountId: input.accountId, targetType: "api_key", targetId: row!.id, after: { name: row!.name, prefix: row!.prefix } });
    return { apiKey: withoutHash(row!), key: generated.key };
  });
}
