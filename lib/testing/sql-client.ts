import pg from "pg";

/**
 * A small tagged-template client over a node-postgres pool for test and benchmark queries:
 * `await sql\`select … where id = ${id}\`` sends `$1` parameters and resolves to the rows.
 */
export interface SqlClient {
  <T extends readonly unknown[] = Record<string, unknown>[]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  unsafe<T extends readonly unknown[] = Record<string, unknown>[]>(text: string, values?: unknown[]): Promise<T>;
  /** node-postgres sends a JS array as a Postgres array: kept for the call sites' readability. */
  array<T>(values: T[]): T[];
  end(): Promise<void>;
  pool: pg.Pool;
}

export function sqlClient(url: string, max = 4): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {}); // a restarted server drops idle connections; the next query opens a new one
  const tag = (async (strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.reduce((acc, part, i) => (i === 0 ? part : `${acc}$${i}${part}`), "");
    return (await pool.query(text, values)).rows;
  }) as SqlClient;
  tag.unsafe = (async (text: string, values?: unknown[]) => (await pool.query(text, values)).rows) as SqlClient["unsafe"];
  tag.array = (values) => values;
  let ended: Promise<void> | undefined;
  tag.end = () => (ended ??= pool.end());
  tag.pool = pool;
  return tag;
}
