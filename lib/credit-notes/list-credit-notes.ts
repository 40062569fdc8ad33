import { and, count, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/lib/db";
import { creditNotes, invoices } from "@/lib/db/schema";
import { cursorParam, cursorTimestamp, encodeCursor, isCursorInt, isCursorTimestamp, type Cursor } from "@/lib/pagination/cursor";
import { intQueryParam } from "@/lib/validation/query-params";
import { creditNoteSummary } from "./credit-note-view";

/** The one order of this list (newest first; the credit note number breaks ties), as stored in its cursors. */
const SORT = "issued_at";
const ORDER = "desc";

export const listCreditNotesQuerySchema = z
  .strictObject({
    limit: intQueryParam(1, 100, 10),
    offset: intQueryParam(0, 1_000_000, undefined),
    /** Keyset pagination: next_cursor of the previous page. */
    cursor: cursorParam,
  })
  .superRefine((q, ctx) => {
    if (q.cursor && q.offset !== undefined) {
      ctx.addIssue({ code: "custom", path: ["offset"], message: "cannot be combined with cursor: page either by offset or by cursor" });
    }
    const c = q.cursor;
    if (!c) return;
    if (c.e !== "credit_notes") {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a credit notes cursor: pass next_cursor from a previous response unchanged" });
    } else if (c.s !== SORT || c.o !== ORDER) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: `was made for sort=${c.s}&order=${c.o}; credit notes are listed by ${SORT} ${ORDER}` });
    } else if (!(c.k.length === 3 && isCursorTimestamp(c.k[0]!) && typeof c.k[1] === "string" && /^\d{4}$/.test(c.k[1]) && isCursorInt(c.k[2]!))) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a valid cursor: pass next_cursor from a previous response unchanged" });
    }
  })
  .transform(({ offset, ...q }) => ({ ...q, offset: offset ?? 0 }));
export type ListCreditNotesQuery = { limit: number; offset: number; cursor?: Cursor };

/**
 * GET /api/v1/credit-notes: the account's credit notes, newest first (issued_at desc, then number desc: financial
 * year, sequence), paged like GET /api/v1/invoices on `credit_notes_account_issued_idx` (the same key).
 */
export async function listCreditNotes(db: Executor, accountId: string, query: ListCreditNotesQuery) {
  const where = eq(creditNotes.accountId, accountId);
  const [counted] = await db.select({ n: count() }).from(creditNotes).where(where);
  const k = query.cursor?.k;
  const pageWhere = k
    ? and(where, sql`(${creditNotes.issuedAt}, ${creditNotes.financialYear}, ${creditNotes.sequenceNumber}) < (${k[0]}::timestamptz, ${k[1]}::text, ${k[2]}::integer)`)
    : where;
  const rows = await db
    .select({ ...getTableColumns(creditNotes), invoiceNumber: invoices.invoiceNumber, exactIssuedAt: cursorTimestamp(creditNotes.issuedAt) })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(pageWhere)
    .orderBy(desc(creditNotes.issuedAt), desc(creditNotes.financialYear), desc(creditNotes.sequenceNumber))
    .limit(query.limit + 1)
    .offset(k ? 0 : query.offset);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ e: "credit_notes", s: SORT, o: ORDER, k: [last.exactIssuedAt ?? last.issuedAt.toISOString().replace("Z", "000Z"), last.financialYear, last.sequenceNumber] })
      : null;
  return {
    credit_notes: page.map(creditNoteSummary),
    total: Number(counted?.n ?? 0),
    limit: query.limit,
    offset: k ? 0 : query.offset,
    next_cursor: nextCursor,
  };
}
