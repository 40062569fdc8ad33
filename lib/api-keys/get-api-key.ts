import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { withoutHash, type ApiKey } from "./api-key";

/** One key of the account (no secret, no hash). */
export async function getApiKey(db: Db, input: { accountId: string; keyId: string }): Promise<ApiKey> {
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.accountId, input.accountId)));
  if (!row) throw notFound("API key");
  return withoutHash(row);
}
