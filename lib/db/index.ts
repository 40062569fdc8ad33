import { getEnv } from "@/lib/config/env";
import { migrateDatabase, openDatabase, type DbHandle } from "./connect";
import type { Db } from "./types";

export type { Db, Tx, Executor } from "./types";

const globalForDb = globalThis as unknown as { __khataDb?: Promise<DbHandle> };

/**
 * The app's database, opened and migrated once per process. Cached on globalThis so dev hot reloads never
 * open a second PGlite on the same folder.
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__khataDb ??= (async () => {
    const env = getEnv();
    const handle = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR });
    await migrateDatabase(handle);
    return handle;
  })().catch((error: unknown) => {
    globalForDb.__khataDb = undefined;
    throw error;
  });
  return globalForDb.__khataDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
