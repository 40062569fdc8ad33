import { lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { idempotencyKeys } from "@/lib/db/schema";

/**
 * Removes stored responses past their 24 h replay window (an hourly job). runIdempotent already ignores and
 * replaces an expired key on reuse; this only keeps the table from growing. Idempotent.
 */
export async function purgeExpiredIdempotencyKeys(db: Executor): Promise<{ deleted: number }> {
  const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`)).returning({ key: idempotencyKeys.key });
  return { deleted: deleted.length };
}
