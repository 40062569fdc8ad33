/** The rows of a raw `db.execute(sql…)`: node-postgres answers a QueryResult. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
