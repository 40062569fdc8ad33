import { getEnv } from "@/lib/config/env";
import { log } from "@/lib/log";
import { migrateDatabase, openDatabase, type DbHandle } from "./connect";
import { embeddedDatabaseUrl } from "./embedded-url";
import type { Db } from "./types";

export type { Db, Tx, Executor } from "./types";

const globalForDb = globalThis as unknown as { __khataDb?: Promise<DbHandle> };

/** DATABASE_URL, or in development the embedded server `npm run dev` started. */
export function resolveDatabaseUrl(): string {
  const env = getEnv();
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const embedded = env.isProduction ? undefined : embeddedDatabaseUrl(env.EMBEDDED_PG_DIR);
  if (!embedded) {
    throw new Error(
      `DATABASE_URL is not set and no embedded PostgreSQL is running in ${env.EMBEDDED_PG_DIR}: start one with \`npm run dev\`, or set DATABASE_URL.`,
    );
  }
  return embedded;
}

/**
 * The app's database, opened and migrated once per process. Cached on globalThis so dev hot reloads never
 * open a second pool.
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__khataDb ??= (async () => {
    const env = getEnv();
    const url = resolveDatabaseUrl();
    await migrateDatabase(url);
    return openDatabase(url, {
      max: env.DATABASE_POOL_MAX,
      connectionTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: env.DATABASE_IDLE_TIMEOUT_MS,
      onIdleError: (error) => log.warn("idle database connection lost", { error: error.message }),
    });
  })().catch((error: unknown) => {
    globalForDb.__khataDb = undefined;
    throw error;
  });
  return globalForDb.__khataDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
