import type { z } from "zod";

/**
 * A page's search params through an audit query schema: empty fields dropped (a GET form sends them), and on a bad
 * value the error to show plus the unfiltered first page instead.
 */
export function parseAuditPageQuery<S extends z.ZodType>(schema: S, raw: Record<string, string | string[] | undefined>): { query: z.output<S>; values: Record<string, string>; error: string | null } {
  const values = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const parsed = schema.safeParse(values);
  if (parsed.success) return { query: parsed.data, values, error: null };
  const issue = parsed.error.issues[0];
  return { query: schema.parse({}), values, error: `${issue?.path.join(".")}: ${issue?.message}` };
}
