import { and, asc, count, desc, eq, gt, gte, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices, orders } from "@/lib/db/schema";
import { IST_OFFSET_MS } from "@/lib/money/ist";
import { cursorTimestamp, encodeCursor, type Cursor, type CursorKeyValue } from "@/lib/pagination/cursor";
import type { HistoryQuery, HistorySort } from "./history-query";
import { orderView, type ApiOrderStatus, type OrderView } from "./order-view";

const DAY_MS = 24 * 60 * 60 * 1000;

/** 00:00 IST of a yyyy-mm-dd day, as a UTC instant. */
function istDayStart(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - IST_OFFSET_MS);
}

function statusCondition(status: ApiOrderStatus, now: Date): SQL {
  switch (status) {
    case "pending":
      return and(eq(orders.status, "ACTIVE"), or(isNull(orders.expiresAt), gt(orders.expiresAt, now)))!;
    case "expired":
      return or(eq(orders.status, "EXPIRED"), and(eq(orders.status, "ACTIVE"), lte(orders.expiresAt, now)))!;
    case "paid":
      return eq(orders.status, "PAID");
    case "failed":
      return eq(orders.status, "FAILED");
    case "user_dropped":
      return eq(orders.status, "USER_DROPPED");
    case "cancelled":
      return eq(orders.status, "TERMINATED");
  }
}

function amountCondition(filter: NonNullable<HistoryQuery["amount"]>): SQL {
  const column = orders.amountPaise;
  switch (filter.op) {
    case "<":
      return lt(column, filter.paise);
    case "<=":
      return lte(column, filter.paise);
    case ">":
      return gt(column, filter.paise);
    case ">=":
      return gte(column, filter.paise);
    case "=":
      return eq(column, filter.paise);
  }
}

export type HistoryResult =
  | { count: number }
  | { payments: OrderView[]; total: number; limit: number; offset: number; next_cursor: string | null };

/**
 * `paid_at` sorts put unpaid orders (NULL paid_at) last in both directions. Expressed as a coalesce with the
 * sentinel at the far end for that direction, so ORDER BY, the keyset predicate and the expression indexes
 * `orders_account_paid_desc_idx` / `orders_account_paid_asc_idx` (lib/db/schema.ts) use one and the same expression.
 * Same order as the former `paid_at is null, paid_at <dir>` (no real paid_at is ±infinity).
 */
export function paidAtSortKey(order: "asc" | "desc"): SQL {
  return order === "desc" ? sql`coalesce(${orders.paidAt}, '-infinity'::timestamptz)` : sql`coalesce(${orders.paidAt}, 'infinity'::timestamptz)`;
}

/** The full ORDER BY of one sort, most significant first; `id` is the final tie-breaker, so the order is total. */
function sortKey(sort: HistorySort, order: "asc" | "desc"): SQL[] {
  const tail = [sql`${orders.createdAt}`, sql`${orders.id}`];
  if (sort === "amount") return [sql`${orders.amountPaise}`, ...tail];
  if (sort === "paid_at") return [paidAtSortKey(order), ...tail];
  return tail;
}

/** The cursor's key values as typed SQL parameters, in sortKey's order (validated by the query schema). */
function cursorValues(sort: HistorySort, order: "asc" | "desc", k: CursorKeyValue[]): SQL[] {
  const at = (v: CursorKeyValue) => sql`${v}::timestamptz`;
  const id = sql`${k[k.length - 1]}::text`;
  if (sort === "amount") return [sql`${k[0]}::bigint`, at(k[1]!), id];
  if (sort === "paid_at") return [k[0] === null ? (order === "desc" ? sql`'-infinity'::timestamptz` : sql`'infinity'::timestamptz`) : at(k[0]!), at(k[1]!), id];
  return [at(k[0]!), id];
}

/**
 * GET /api/v1/payments/history: the account's orders, filtered (status, type, amount comparison in rupees,
 * paid_from/paid_upto as inclusive IST days), sorted and paged; or only their count.
 *
 * Paging: `limit` + `offset` as before, or `limit` + `cursor` (keyset): every page carries `next_cursor` (null on
 * the last page), which continues after that page's last row for the same sort and order, with the filters of the
 * request it is used in. `total` is the filtered count either way; `offset` is 0 on cursor pages.
 */
export async function listHistory(db: Executor, accountId: string, query: HistoryQuery, now: Date = new Date()): Promise<HistoryResult> {
  const conditions: SQL[] = [eq(orders.accountId, accountId)];
  if (query.type) conditions.push(eq(orders.type, query.type));
  if (query.status) conditions.push(or(...query.status.map((s) => statusCondition(s, now)))!);
  if (query.amount) conditions.push(amountCondition(query.amount));
  if (query.paid_from) conditions.push(gte(orders.paidAt, istDayStart(query.paid_from)));
  if (query.paid_upto) conditions.push(lt(orders.paidAt, new Date(istDayStart(query.paid_upto).getTime() + DAY_MS)));
  const where = and(...conditions);

  const [counted] = await db.select({ n: count() }).from(orders).where(where);
  const total = Number(counted?.n ?? 0);
  if (query.count_only === "1") return { count: total };

  // Sorted by the sort's full key (id last) in one direction, which an index covers for every sort
  // (orders_account_created_idx, orders_account_amount_idx, orders_account_paid_{desc,asc}_idx). With a cursor the
  // page starts after the cursor's row by a row comparison on that same key: an index range scan, flat in depth.
  const key = sortKey(query.sort, query.order);
  const dir = query.order === "asc" ? asc : desc;
  const pageWhere = query.cursor
    ? and(where, sql`(${sql.join(key, sql`, `)}) ${query.order === "asc" ? sql`>` : sql`<`} (${sql.join(cursorValues(query.sort, query.order, query.cursor.k), sql`, `)})`)
    : where;
  const rows = await db
    .select({ order: orders, invoiceNumber: invoices.invoiceNumber })
    .from(orders)
    .leftJoin(invoices, and(eq(invoices.orderId, orders.id), eq(invoices.accountId, orders.accountId)))
    .where(pageWhere)
    .orderBy(...key.map((k) => dir(k)))
    .limit(query.limit + 1)
    .offset(query.cursor ? 0 : query.offset);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last) {
    // The last row's timestamps at full (microsecond) precision, read by primary key for this one row only: in
    // the page query a to_char would also run for every row an offset skips (+11 ms at offset 20,000, measured).
    const [exact] = await db
      .select({ createdAt: cursorTimestamp(orders.createdAt), paidAt: cursorTimestamp(orders.paidAt) })
      .from(orders)
      .where(and(eq(orders.accountId, accountId), eq(orders.id, last.order.id)));
    // (Gone meanwhile: millisecond precision from the row already read.)
    const ms = (d: Date | null) => (d ? d.toISOString().replace("Z", "000Z") : null);
    const createdAtKey = exact ? exact.createdAt : ms(last.order.createdAt);
    const paidAtKey = exact ? exact.paidAt : ms(last.order.paidAt);
    const tail: CursorKeyValue[] = [createdAtKey, last.order.id];
    const k: CursorKeyValue[] =
      query.sort === "amount" ? [last.order.amountPaise.toString(), ...tail] : query.sort === "paid_at" ? [paidAtKey, ...tail] : tail;
    const cursor: Cursor = { e: "payments", s: query.sort, o: query.order, k };
    nextCursor = encodeCursor(cursor);
  }
  return {
    payments: page.map((r) => orderView(r.order, { invoiceNumber: r.invoiceNumber }, now)),
    total,
    limit: query.limit,
    offset: query.cursor ? 0 : query.offset,
    next_cursor: nextCursor,
  };
}
