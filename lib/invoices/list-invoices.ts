import { and, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";
import { cursorParam, cursorTimestamp, encodeCursor, isCursorInt, type Cursor, isCursorTimestamp } from "@/lib/pagination/cursor";
import { invoiceSummary } from "./invoice-view";


/** The one order of this list (newest first; the invoice number breaks ties), as stored in its cursors. */
const INVOICE_SORT = "issued_at";
const INVOICE_ORDER = "desc";

export const listInvoicesQuerySchema = z
  .strictObject({
    limit: intQueryParam(1, 100, 10),
    // Absent stays undefined here so that offset together with cursor can be refused; 0 after the refinement.
    offset: intQueryParam(0, 1_000_000, undefined),
    /** Keyset pagination: next_cursor of the previous page. */
    cursor: cursorParam,
    /** Invoices whose number starts with this (any case): the dashboard's search box. */
    number: z.string().trim().min(1, "must not be empty").max(16, "must be at most 16 characters").optional(),
  })
  .superRefine((q, ctx) => {
    if (q.cursor && q.offset !== undefined) {
      ctx.addIssue({ code: "custom", path: ["offset"], message: "cannot be combined with cursor: page either by offset or by cursor" });
    }
    const c = q.cursor;
    if (!c) return;
    if (c.e !== "invoices") {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not an invoices cursor: pass next_cursor from a previous response unchanged" });
    } else if (c.s !== INVOICE_SORT || c.o !== INVOICE_ORDER) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: `was made for sort=${c.s}&order=${c.o}; invoices are listed by ${INVOICE_SORT} ${INVOICE_ORDER}` });
    } else if (!(c.k.length === 3 && isCursorTimestamp(c.k[0]!) && typeof c.k[1] === "string" && /^\d{4}$/.test(c.k[1]) && isCursorInt(c.k[2]!))) {
      ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a valid cursor: pass next_cursor from a previous response unchanged" });
    }
  })
  .transform(({ offset, ...q }) => ({ ...q, offset: offset ?? 0 }));
/** The parsed query (the cursor is optional so that in-process callers can pass `{ limit, offset }`). */
export type ListInvoicesQuery = { limit: number; offset: number; cursor?: Cursor; number?: string };

/**
 * GET /api/v1/invoices: the account's invoices, newest first (issued_at desc, then invoice number desc: financial
 * year, sequence). `invoices_account_issued_number_idx (account_id, issued_at, financial_year, sequence_number)`
 * covers that order, so an offset page is an index scan and a cursor page (row comparison on the same key, which is
 * unique because the invoice number is) an index range scan whose cost does not grow with depth.
 */
export async function listInvoices(db: Executor, accountId: string, query: ListInvoicesQuery) {
  const where = query.number
    ? and(eq(invoices.accountId, accountId), sql`upper(${invoices.invoiceNumber}) like upper(${query.number.replace(/[\\%_]/g, "\\$&")}) || '%'`)
    : eq(invoices.accountId, accountId);
  const [counted] = await db.select({ n: count() }).from(invoices).where(where);
  const k = query.cursor?.k;
  const pageWhere = k
    ? and(where, sql`(${invoices.issuedAt}, ${invoices.financialYear}, ${invoices.sequenceNumber}) < (${k[0]}::timestamptz, ${k[1]}::text, ${k[2]}::integer)`)
    : where;
  const rows = await db
    .select()
    .from(invoices)
    .where(pageWhere)
    .orderBy(desc(invoices.issuedAt), desc(invoices.financialYear), desc(invoices.sequenceNumber))
    .limit(query.limit + 1)
    .offset(k ? 0 : query.offset);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last) {
    // issued_at at full (microsecond) precision for this one row (not in the page query, where it would also be
    // computed for every row an offset skips).
    const [exact] = await db
      .select({ issuedAt: cursorTimestamp(invoices.issuedAt) })
      .from(invoices)
      .where(and(eq(invoices.accountId, accountId), eq(invoices.id, last.id)));
    nextCursor = encodeCursor({ e: "invoices", s: INVOICE_SORT, o: INVOICE_ORDER, k: [exact?.issuedAt ?? last.issuedAt.toISOString().replace("Z", "000Z"), last.financialYear, last.sequenceNumber] });
  }
  return {
    invoices: page.map(invoiceSummary),
    total: Number(counted?.n ?? 0),
    limit: query.limit,
    offset: k ? 0 : query.offset,
    next_cursor: nextCursor,
  };
}
