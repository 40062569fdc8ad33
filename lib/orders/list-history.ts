import { and, asc, count, desc, eq, gt, gte, isNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { TEAM_SCOPE, type HistoryScope } from "@/lib/auth/history-scope";
import type { Executor } from "@/lib/db";
import { invoices, offlinePayments, orders } from "@/lib/db/schema";
import { offlinePaymentConditions } from "@/lib/offline-payments/list-offline-payments";
import { OFFLINE_ORDER_ENV } from "@/lib/offline-payments/record-offline-payment";
import type { OfflineStatus } from "@/lib/offline-payments/schemas";
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

/** Seed 003's statuses: an offline payment's own (Paid, CancelRequest, Cancelled); an online payment is Paid when PAID. */
function seedStatusCondition(status: OfflineStatus): SQL {
  if (status === "Paid") return and(eq(orders.status, "PAID"), or(isNull(offlinePayments.id), eq(offlinePayments.status, "Paid")))!;
  return eq(offlinePayments.status, status);
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
  | { result: number; error: null }
  | { payments: HistoryPaymentView[]; total: number; limit: number; offset: number; next_cursor: string | null };

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

/** An order's offline payment (recorded by an operator), if it is one: seed 003's mode, ref, receipt and status. */
function offlineSummary(row: typeof offlinePayments.$inferSelect | null) {
  if (!row) return null;
  return { payment_id: row.id, mode: row.mode, ref: row.reference, receipt_number: row.receiptNumber, payment_date: row.paidOn, status: row.status };
}
export type HistoryPaymentView = OrderView & { offline_payment: ReturnType<typeof offlineSummary> };

const offlineJoin = and(eq(offlinePayments.orderId, orders.id), eq(offlinePayments.accountId, orders.accountId));

/**
 * The filters, Khata's and seed 003's. Seed filters about receipts (receiptno, prefix, suffix, userid = recording
 * operator) and offline modes match offline payments only; `mode=Online` also matches every Cashfree payment;
 * paid_from / paid_upto compare an offline payment's payment date (what the customer paid on) and an online one's
 * paid_at in IST. A list of statuses is a union.
 */
function historyConditions(accountId: string, query: HistoryQuery, now: Date, scope: HistoryScope): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(orders.accountId, accountId)];
  // A member (API user) sees only the orders and pay-ins they created (lib/auth/history-scope.ts).
  if (scope.kind === "own") conditions.push(eq(orders.createdByUserId, scope.userId));
  if (query.type) conditions.push(eq(orders.type, query.type));
  if (query.status || query.seed_status) {
    conditions.push(or(...(query.status ?? []).map((s) => statusCondition(s, now)), ...(query.seed_status ?? []).map(seedStatusCondition)));
  }
  if (query.amount) conditions.push(amountCondition(query.amount));
  const online = isNull(offlinePayments.id);
  if (query.paid_from) conditions.push(or(and(online, gte(orders.paidAt, istDayStart(query.paid_from))), gte(offlinePayments.paidOn, query.paid_from)));
  if (query.paid_upto) {
    conditions.push(or(and(online, lt(orders.paidAt, new Date(istDayStart(query.paid_upto).getTime() + DAY_MS))), lte(offlinePayments.paidOn, query.paid_upto)));
  }
  if (query.number) {
    const n = query.number;
    conditions.push(or(eq(orders.id, n), sql`exists (select 1 from ${invoices} i where i.order_id = ${orders.id} and upper(i.invoice_number) = upper(${n}))`));
  }
  if (query.paymentid) conditions.push(query.paymentid.startsWith("op_") ? eq(offlinePayments.id, query.paymentid) : eq(orders.id, query.paymentid));
  if (query.customerid) conditions.push(eq(orders.accountId, query.customerid));
  if (query.serviceid) conditions.push(eq(orders.plan, query.serviceid));
  if (query.mode) conditions.push(query.mode === "Online" ? or(ne(orders.cashfreeEnv, OFFLINE_ORDER_ENV), eq(offlinePayments.mode, "Online")) : eq(offlinePayments.mode, query.mode));
  conditions.push(offlinePaymentConditions({ receiptno: query.receiptno, prefix: query.prefix, suffix: query.suffix, userid: query.userid }));
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

/**
 * GET /api/v1/payments/history: the account's orders, online and offline (each row with its offline payment or
 * null), filtered (historyConditions: Khata's filters and seed 003's), sorted and paged; or only their count, in
 * Khata's shape (count_only) or seed 003's (show_count).
 *
 * Paging: `limit` + `offset` as before, or `limit` + `cursor` (keyset): every page carries `next_cursor` (null on
 * the last page), which continues after that page's last row for the same sort and order, with the filters of the
 * request it is used in. `total` is the filtered count either way; `offset` is 0 on cursor pages.
 * `scope`: the team's rows, or a member's own (historyScope).
 */
export async function listHistory(
  db: Executor,
  accountId: string,
  query: HistoryQuery,
  now: Date = new Date(),
  scope: HistoryScope = TEAM_SCOPE,
): Promise<HistoryResult> {
  const where = historyConditions(accountId, query, now, scope);
  const [counted] = await db.select({ n: count() }).from(orders).leftJoin(offlinePayments, offlineJoin).where(where);
  const total = Number(counted?.n ?? 0);
  if (query.count === "seed") return { result: total, error: null };
  if (query.count === "khata") return { count: total };

  // Sorted by the sort's full key (id last) in one direction, which an index covers for every sort
  // (orders_account_created_idx, orders_account_amount_idx, orders_account_paid_{desc,asc}_idx). With a cursor the
  // page starts after the cursor's row by a row comparison on that same key: an index range scan, flat in depth.
  const key = sortKey(query.sort, query.order);
  const dir = query.order === "asc" ? asc : desc;
  const pageWhere = query.cursor
    ? and(where, sql`(${sql.join(key, sql`, `)}) ${query.order === "asc" ? sql`>` : sql`<`} (${sql.join(cursorValues(query.sort, query.order, query.cursor.k), sql`, `)})`)
    : where;
  const rows = await db
    .select({ order: orders, invoiceNumber: invoices.invoiceNumber, offline: offlinePayments })
    .from(orders)
    .leftJoin(invoices, and(eq(invoices.orderId, orders.id), eq(invoices.accountId, orders.accountId)))
    .leftJoin(offlinePayments, offlineJoin)
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
    payments: page.map((r) => ({ ...orderView(r.order, { invoiceNumber: r.invoiceNumber }, now), offline_payment: offlineSummary(r.offline) })),
    total,
    limit: query.limit,
    offset: query.cursor ? 0 : query.offset,
    next_cursor: nextCursor,
  };
}
