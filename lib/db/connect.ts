import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/config/env";
import * as schema from "./schema";
import type { Db } from "./types";

export type DbEngine = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  engine: DbEngine;
  url?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/** Opens a database: postgres.js for a URL, PGlite for a directory (or in memory for "memory://"). */
export async function openDatabase(target: { url: string } | { pgliteDir: string }): Promise<DbHandle> {
  if ("url" in target) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(target.url, {
      max: getEnv().DATABASE_POOL_MAX,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 30,
      // Reconnect delay after a failed connection, in seconds. The driver's default grows to 20 s, so after a
      // database restart queued requests waited up to 20 s; capped at 1 s they fail fast (503) or proceed.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, engine: "postgres", url: target.url, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = target.pgliteDir === "memory://";
  if (!inMemory) fs.mkdirSync(target.pgliteDir, { recursive: true });
  // fsync off: PGlite serves a laptop or a test, never production.
  const client = inMemory ? new PGlite() : new PGlite(target.pgliteDir, { relaxedDurability: true });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, engine: "pglite", close: () => client.close() };
}

/** Applies the committed drizzle-kit migrations. On Postgres an advisory lock lets several instances start at once. */
export async function migrateDatabase(handle: DbHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.engine === "postgres" && handle.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // One dedicated connection, so the session advisory lock and the migration share it.
    const client = postgres(handle.url, { max: 1, onnotice: () => {} });
    try {
      await client`select pg_advisory_lock(727274)`;
      await migrate(drizzle(client), { migrationsFolder });
      await client`select pg_advisory_unlock(727274)`;
    } finally {
      await client.end({ timeout: 5 });
    }
    return;
  }
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate(handle.db as never, { migrationsFolder });
}
