import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { apiKeys, memberships } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { withoutHash, type ApiKey } from "./api-key";
import { generateApiKey } from "./hash-key";

export const PERSONAL_KEY_NAME = "Personal key";

/**
 * Creates the caller's personal key for an account they belong to (any role). One active personal key per member
 * and account (the `api_keys_one_personal` index decides races): a second create is a 409 — regenerate instead.
 * The membership row is locked (FOR UPDATE) while the key is written, so a concurrent removal waits and then revokes
 * it (lib/accounts/members.ts): no key outlives the membership it was made for, even if the person rejoins later.
 * The returned `key` is the only time the secret exists outside the caller.
 */
export async function createPersonalKey(db: Db, input: { accountId: string; userId: string }): Promise<{ apiKey: ApiKey; key: string }> {
  const generated = generateApiKey();
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.accountId, input.accountId), eq(memberships.userId, input.userId)))
        .for("update");
      if (!member) throw new AppError("insufficient_permissions", "Only a member of the account can have a key for it.");
      const [row] = await tx
        .insert(apiKeys)
        .values({
          id: newId("key"),
          accountId: input.accountId,
          kind: "personal",
          userId: input.userId,
          name: PERSONAL_KEY_NAME,
          prefix: generated.prefix,
          keyHash: generated.hash,
          createdByUserId: input.userId,
        })
        .returning();
      await recordAudit(tx, { action: "api_key.personal_create", accountId: input.accountId, targetType: "api_key", targetId: row!.id, after: { kind: "personal", user_id: input.userId, prefix: row!.prefix } });
      return { apiKey: withoutHash(row!), key: generated.key };
    });
  } catch (error) {
    if (isUniqueViolation(error, "api_keys_one_personal")) {
      throw new AppError("conflict", "You already have a personal key for this account: regenerate it to get a new secret.");
    }
    throw error;
  }
}
