import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";
import type { Db } from "./types";

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Connections per process. */
  max?: number;
  /** How long a query waits for a free connection (or a new one to open) before failing. */
  connectionTimeoutMs?: number;
  /** An idle connection is closed after this long. */
  idleTimeoutMs?: number;
  /** Receives errors of idle pooled connections (the server restarted, the network dropped). */
  onIdleError?: (error: Error) => void;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

/** Opens a node-postgres pool and the drizzle database on it. */
export function openDatabase(url: string, options: PoolOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    allowExitOnIdle: true,
  });
  // Without a listener, an idle connection dropped by a Postgres restart would crash the process; the pool
  // discards that connection and opens a fresh one on the next query.
  pool.on("error", (error) => options.onIdleError?.(error));
  // The same for a connection checked out but between queries (a job rendering a PDF inside its work, an open
  // transaction) when the server terminates it: its next query fails and the pool discards it, no crash.
  pool.on("connect", (client) => client.on("error", (error) => options.onIdleError?.(error)));
  const db = drizzle(pool, { schema }) as unknown as Db;
  let closed: Promise<void> | undefined;
  return { db, pool, url, close: () => (closed ??= pool.end()) };
}

/** Any number of processes may start at once: the migration runs under a session advisory lock on one connection. */
const MIGRATION_LOCK = 727274;

/**
 * Applies the committed drizzle-kit migrations, then installs graphile-worker's schema (lib/jobs), so the job
 * queue exists before any transaction enqueues a job.
 */
export async function migrateDatabase(url: string, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  await migrateAppSchema(url, migrationsFolder);
  const { migrateJobs } = await import("@/lib/jobs/migrate-jobs");
  await migrateJobs(url);
}

async function migrateAppSchema(url: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("set client_min_messages = warning");
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  } finally {
    await client.end();
  }
}
