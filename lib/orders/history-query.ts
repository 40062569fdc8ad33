import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";
import { cursorParam, isCursorBigint, isCursorId, isCursorTimestamp, type CursorKeyValue } from "@/lib/pagination/cursor";
import { OFFLINE_PAYMENT_ID_RE, OFFLINE_STATUSES, amtParam, parseAmountFilter, seedListFields, type OfflineStatus } from "@/lib/offline-payments/schemas";
import { API_ORDER_STATUSES, type ApiOrderStatus } from "./order-view";

export const AMOUNT_OPERATORS = ["<", "<=", ">", ">=", "="] as const;
export type AmountOperator = (typeof AMOUNT_OPERATORS)[number];


export const HISTORY_SORTS = ["created_at", "amount", "paid_at"] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];

/**
 * Keyset cursor key per sort (the full ORDER BY of listHistory, id last): created_at → [created_at, id];
 * amount → [amount_paise, created_at, id]; paid_at → [paid_at or null, created_at, id].
 */
export function historyCursorKeyIsValid(sort: HistorySort, k: CursorKeyValue[]): boolean {
  switch (sort) {
    case "created_at":
      return k.length === 2 && isCursorTimestamp(k[0]!) && isCursorId(k[1]!);
    case "amount":
      return k.length === 3 && isCursorBigint(k[0]!) && isCursorTimestamp(k[1]!) && isCursorId(k[2]!);
    case "paid_at":
      return k.length === 3 && (k[0] === null || isCursorTimestamp(k[0]!)) && isCursorTimestamp(k[1]!) && isCursorId(k[2]!);
  }
}

/** Seed 003's `amt` parser, shared with GET /api/v1/offline-payments: `<50`, `≤10`, `≥80`, `=100`, `100`; rupees. */
export { parseAmountFilter };

const dateParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !date || date.getUTCFullYear() !== Number(m[1]) || date.getUTCMonth() + 1 !== Number(m[2]) || date.getUTCDate() !== Number(m[3])) {
      ctx.addIssue({ code: "custom", message: "must be a date as yyyy-mm-dd" });
      return z.NEVER;
    }
    return value;
  });

/** Seed 003's sort_field names that order a payment history, mapped to its sorts (seed 003's id is chronological). */
export const SEED_HISTORY_SORT_FIELDS = { id: "created_at", amt: "amount", payment_date: "paid_at" } as const satisfies Record<string, HistorySort>;

const ORDER_ID_RE = /^cm_[0-9a-f]{16}$/;

/**
 * `status`: a comma-separated list of Khata's API statuses (any case: paid, pending, …) and seed 003's statuses
 * spelt exactly as the seed spells them (Paid, Cancelled, CancelRequest), which also look at an offline payment's
 * cancellation: seed `Paid` = paid and not cancelled or asked to be, seed `Cancelled` ≠ Khata's `cancelled`.
 */
const statusParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return undefined;
    const api: ApiOrderStatus[] = [];
    const seed: OfflineStatus[] = [];
    for (const raw of value.split(",").map((s) => s.trim())) {
      if ((OFFLINE_STATUSES as readonly string[]).includes(raw)) seed.push(raw as OfflineStatus);
      else if ((API_ORDER_STATUSES as readonly string[]).includes(raw.toLowerCase())) api.push(raw.toLowerCase() as ApiOrderStatus);
      else {
        ctx.addIssue({
          code: "custom",
          message: `must be one or more (comma-separated) of ${API_ORDER_STATUSES.join(", ")}, or seed 003's ${OFFLINE_STATUSES.join(", ")}`,
        });
        return z.NEVER;
      }
    }
    return { api: [...new Set(api)], seed: [...new Set(seed)] };
  });

/** Khata's parameter and seed 003's name for the same thing: giving both is refused, naming the seed's. */
const ALIASES = [
  ["limit", "rows_limit"],
  ["offset", "rows_offset"],
  ["sort", "sort_field"],
  ["order", "sort_order"],
  ["amount", "amt"],
] as const;

/**
 * GET /api/v1/payments/history query: Khata's own names (limit, offset, cursor, status, type, amount, paid_from,
 * paid_upto, sort, order, count_only) and seed 003's `payment/list` names (paymentid, receiptno, prefix, suffix,
 * mode, status Paid/Cancelled/CancelRequest, amt, rows_limit, rows_offset, sort_field, sort_order, show_count, and
 * customerid / serviceid / userid), parsed by the same field schemas as GET /api/v1/offline-payments. Strict: an
 * unknown parameter is a 400 naming it, like any invalid value. Seed-style paging (sort_field, rows_limit or
 * rows_offset given) defaults to the seed's ascending order; otherwise newest first, as before.
 */
export const historyQuerySchema = z
  .strictObject({
    limit: intQueryParam(1, 100, undefined),
    // Absent stays undefined here so that offset together with cursor can be refused; 0 after the refinement.
    offset: intQueryParam(0, 1_000_000, undefined),
    /** Keyset pagination: next_cursor of the previous page, for the same sort and order (filters still apply). */
    cursor: cursorParam,
    status: statusParam,
    type: z.enum(["credit_topup", "plan_upgrade"], { error: "must be credit_topup or plan_upgrade" }).optional(),
    amount: amtParam,
    paid_from: dateParam,
    paid_upto: dateParam,
    sort: z.enum(HISTORY_SORTS, { error: "must be created_at, amount or paid_at" }).optional(),
    order: z.enum(["asc", "desc"], { error: "must be asc or desc" }).optional(),
    count_only: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
    /** An order id (cm_…) or an invoice number, exactly (any case): the dashboard's search box. */
    number: z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters").optional(),
    // seed 003
    paymentid: z.string().regex(new RegExp(`${ORDER_ID_RE.source}|${OFFLINE_PAYMENT_ID_RE.source}`), "is not a payment id (an order id cm_… or an offline payment id op_…)").optional(),
    receiptno: seedListFields.receiptno,
    prefix: seedListFields.prefix,
    suffix: seedListFields.suffix,
    mode: seedListFields.mode,
    amt: seedListFields.amt,
    customerid: seedListFields.customerid,
    serviceid: seedListFields.serviceid,
    userid: seedListFields.userid,
    ispid: seedListFields.ispid,
    resellerid: seedListFields.resellerid,
    rows_limit: seedListFields.rows_limit,
    rows_offset: seedListFields.rows_offset,
    sort_field: z.enum(Object.keys(SEED_HISTORY_SORT_FIELDS) as [keyof typeof SEED_HISTORY_SORT_FIELDS], { error: "must be id, amt or payment_date in the payment history" }).optional(),
    sort_order: seedListFields.sort_order,
    show_count: seedListFields.show_count,
  })
  .superRefine((q, ctx) => {
    for (const [khata, seed] of ALIASES) {
      if (q[khata] !== undefined && q[seed] !== undefined) {
        ctx.addIssue({ code: "custom", path: [seed], message: `cannot be combined with ${khata}: they are the same parameter, give one` });
      }
    }
    if (q.paid_from && q.paid_upto && q.paid_from > q.paid_upto) {
      ctx.addIssue({ code: "custom", path: ["paid_upto"], message: "must not be before paid_from" });
    }
    if (q.cursor && (q.offset !== undefined || q.rows_offset !== undefined)) {
      const path = q.offset !== undefined ? "offset" : "rows_offset";
      ctx.addIssue({ code: "custom", path: [path], message: "cannot be combined with cursor: page either by offset or by cursor" });
    }
  })
  .transform(({ limit, offset, rows_limit, rows_offset, sort, sort_field, order, sort_order, amount, amt, status, show_count, ispid: _i, resellerid: _r, ...q }) => {
    const seedPaging = sort_field !== undefined || rows_limit !== undefined || rows_offset !== undefined;
    return {
      ...q,
      limit: limit ?? rows_limit ?? 10,
      offset: offset ?? rows_offset ?? 0,
      sort: (sort ?? (sort_field ? SEED_HISTORY_SORT_FIELDS[sort_field] : "created_at")) as HistorySort,
      order: order ?? sort_order ?? (seedPaging ? "asc" : "desc"),
      amount: amount ?? amt,
      status: status?.api.length ? status.api : undefined,
      seed_status: status?.seed.length ? status.seed : undefined,
      /** show_count=1 answers seed 003's `{"result": N, "error": null}`; count_only=1 Khata's `{"count": N}`. */
      count: show_count ? ("seed" as const) : q.count_only === "1" ? ("khata" as const) : null,
    };
  })
  .superRefine((q, ctx) => {
    const c = q.cursor;
    if (c) {
      if (c.e !== "payments" || !(HISTORY_SORTS as readonly string[]).includes(c.s)) {
        ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a payments-history cursor: pass next_cursor from a previous response unchanged" });
      } else if (c.s !== q.sort || c.o !== q.order) {
        ctx.addIssue({
          code: "custom",
          path: ["cursor"],
          message: `was made for sort=${c.s}&order=${c.o}, not sort=${q.sort}&order=${q.order}: repeat its sort and order, or start again without a cursor`,
        });
      } else if (!historyCursorKeyIsValid(c.s as HistorySort, c.k)) {
        ctx.addIssue({ code: "custom", path: ["cursor"], message: "is not a valid cursor: pass next_cursor from a previous response unchanged" });
      }
    }
  });
export type HistoryQuery = z.output<typeof historyQuerySchema>;
