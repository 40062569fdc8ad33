import { z } from "zod";
import { cursorParam, isCursorBigint, isCursorInt, isCursorTimestamp, type Cursor } from "@/lib/pagination/cursor";
import { intQueryParam } from "@/lib/validation/query-params";
import { istDayStart, istPeriodShape, refineIstPeriod, toIstPeriod, type IstPeriod } from "@/lib/validation/ist-period";

/** `day`: usage summed per IST day (one line, per-key breakdown); `none`: every ledger entry on its own line. */
export const STATEMENT_GROUPS = ["day", "none"] as const;
export type StatementGroup = (typeof STATEMENT_GROUPS)[number];

/** A line's place in the statement: IST day, 0 = an entry / 1 = the day's usage, then the entry's (created_at, id). */
export interface StatementKey {
  day: string;
  grp: 0 | 1;
  createdAt: string | null;
  id: string | null;
}

export interface StatementQuery {
  period: IstPeriod;
  group: StatementGroup;
  limit: number;
  after?: StatementKey;
}

const SORT = "statement";
const BAD_CURSOR = "is not a valid cursor: pass next_cursor from a previous response unchanged";

/** The cursor's key, or null when it is not one this statement made (for this grouping). */
export function statementKeyOf(cursor: Cursor, group: StatementGroup): StatementKey | null {
  if (cursor.e !== "ledger" || cursor.s !== `${SORT}:${group}` || cursor.o !== "asc" || cursor.k.length !== 4) return null;
  const [day, grp, createdAt, id] = cursor.k;
  if (typeof day !== "string" || istDayStart(day) === null || !isCursorInt(grp!) || grp > 1) return null;
  if (grp === 0 && (!isCursorTimestamp(createdAt!) || !isCursorBigint(id!))) return null;
  if (grp === 1 && (createdAt !== null || id !== null || group !== "day")) return null;
  return { day, grp: grp as 0 | 1, createdAt: createdAt as string | null, id: id as string | null };
}

export function statementCursor(key: StatementKey, group: StatementGroup): Cursor {
  return { e: "ledger", s: `${SORT}:${group}`, o: "asc", k: [key.day, key.grp, key.createdAt, key.id] };
}

/** GET /api/v1/credits/ledger and the statement page: period, grouping, page size and cursor. */
export const statementQuerySchema = z
  .strictObject({
    ...istPeriodShape,
    group: z.enum(STATEMENT_GROUPS).optional().default("day"),
    limit: intQueryParam(1, 200, 50),
    cursor: cursorParam,
  })
  .superRefine((q, ctx) => {
    refineIstPeriod(q, ctx);
    if (q.cursor && !statementKeyOf(q.cursor, q.group)) ctx.addIssue({ code: "custom", path: ["cursor"], message: BAD_CURSOR });
  })
  .transform((q): StatementQuery => ({
    period: toIstPeriod(q),
    group: q.group,
    limit: q.limit,
    after: q.cursor ? (statementKeyOf(q.cursor, q.group) ?? undefined) : undefined,
  }));

/** The statement-of-account PDF: a period (both ends optional). */
export const statementPdfQuerySchema = z
  .strictObject({ ...istPeriodShape })
  .superRefine(refineIstPeriod)
  .transform((q) => toIstPeriod(q));
