import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiKeys } from "@/lib/db/schema";
import { withoutHash, type ApiKey } from "./api-key";

/** The account's service keys (personal keys are each member's own), newest first, revoked ones included (marked), without secrets or hashes. */
export async function listApiKeys(db: Db, accountId: string): Promise<ApiKey[]> {
  const rows = await db.select().from(apiKeys).where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.kind, "service"))).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(withoutHash);
}
