import pg from "pg";
import { log } from "@/lib/log";

/**
 * The pool graphile-worker runs on is ours: 0.17 ends a pool it made without awaiting it, its error listener
 * already removed, so a connection still closing when the server terminates it (a restart, a dropped
 * database) raised an unhandled 'error'. Ours keeps a listener on the pool and on every connection, so such
 * an error is logged; it is ended after the runner (pg's end() does not wait for the sockets to close).
 */
export function ownPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (error) => log.warn("job runner: idle database connection failed", { error: error.message }));
  pool.on("connect", (client) => client.on("error", (error) => log.warn("job runner: database connection failed", { error: error.message })));
  return pool;
}
