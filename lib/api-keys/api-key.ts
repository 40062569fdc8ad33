import type { apiKeys } from "@/lib/db/schema";

/** A key as the services hand it out: everything but the hash (the secret itself is never stored). */
export type ApiKey = Omit<typeof apiKeys.$inferSelect, "keyHash">;

export function withoutHash(row: typeof apiKeys.$inferSelect): ApiKey {
  const { keyHash: _hash, ...key } = row;
  return key;
}
