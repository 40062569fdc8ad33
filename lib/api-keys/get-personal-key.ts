import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { withoutHash, type ApiKey } from "./api-key";

/** The member's active personal key for the account (no secret, no hash), or null when they have none. */
export async function getPersonalKey(db: Executor, input: { accountId: string; userId: string }): Promise<ApiKey | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(eq(apiKeys.accountId, input.accountId), eq(apiKeys.userId, input.userId), eq(apiKeys.kind, "personal"), isNull(apiKeys.revokedAt)),
    );
  return row ? withoutHash(row) : null;
}
