import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

/**
 * Opaque keyset-pagination cursors for the list endpoints (`cursor` in, `next_cursor` out).
 *
 * A cursor is base64url(JSON) of `{ v: 1, e: <endpoint>, s: <sort>, o: <asc|desc>, k: [<sort key of the last row
 * returned>…] }`. It carries the sort and order it was made for, so a cursor replayed with another sort is a 400
 * naming `cursor` rather than a silently wrong page. It is opaque to clients, not secret: it only holds values of a
 * row the caller could already read, and every query is still restricted to the caller's account. Anything that
 * does not decode to exactly this shape (tampered, truncated, other endpoint) is a 400, never a 500: every key
 * value is checked here before it reaches SQL (timestamps as canonical UTC ISO with microseconds, integers in
 * range, ids from the id alphabet).
 */
export type CursorKeyValue = string | number | null;
export interface Cursor {
  /** Endpoint the cursor belongs to. */
  e: "payments" | "invoices" | "credit_notes" | "ledger";
  s: string;
  o: "asc" | "desc";
  k: CursorKeyValue[];
}

const MAX_CURSOR_CHARS = 512;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(JSON.stringify({ v: 1, e: cursor.e, s: cursor.s, o: cursor.o, k: cursor.k }));
}

const envelopeSchema = z.strictObject({
  v: z.literal(1),
  e: z.enum(["payments", "invoices", "credit_notes", "ledger"]),
  s: z.string().max(32),
  o: z.enum(["asc", "desc"]),
  k: z.array(z.union([z.string().max(128), z.number(), z.null()])).max(8),
});

/** The cursor's envelope, or null when it is not one of ours. The key's shape is checked per endpoint. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length === 0 || text.length > MAX_CURSOR_CHARS) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) return null;
  const { e, s, o, k } = parsed.data;
  return { e, s, o, k };
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/** A timestamp key as written by {@link cursorTimestamp}: UTC, microseconds, and a real calendar instant. */
export function isCursorTimestamp(value: CursorKeyValue): value is string {
  if (typeof value !== "string") return false;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const ms = Date.parse(value.slice(0, 23) + "Z");
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19) && Number(m[1]) >= 1;
}

/** Row ids (`cm_…`, `inv_…`): the newId alphabet, bounded. */
export function isCursorId(value: CursorKeyValue): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,100}$/.test(value);
}

/** A non-negative whole number that fits a Postgres bigint, as a decimal string. */
export function isCursorBigint(value: CursorKeyValue): value is string {
  return typeof value === "string" && /^\d{1,19}$/.test(value) && BigInt(value) <= 9_223_372_036_854_775_807n;
}

/** A non-negative int4. */
export function isCursorInt(value: CursorKeyValue): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;
}

/**
 * A timestamptz column as the cursor's text form (UTC, full microsecond precision, so the keyset predicate
 * compares exactly what Postgres stores; a JS Date would drop the microseconds). NULL stays NULL.
 */
export function cursorTimestamp(column: AnyColumn | SQL): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export const CURSOR_MESSAGE = "is not a valid cursor: pass next_cursor from a previous response unchanged";

/**
 * The `cursor` query parameter: decoded to its envelope, or a 400 naming `cursor`. Whether it fits the request's
 * sort and the endpoint's key shape is checked by the schema that uses it (it knows the sort).
 */
export const cursorParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return undefined;
    const cursor = decodeCursor(value);
    if (!cursor) {
      ctx.addIssue({ code: "custom", message: CURSOR_MESSAGE });
      return z.NEVER;
    }
    return cursor;
  });
