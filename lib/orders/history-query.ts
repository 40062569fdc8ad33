import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";
import { cursorParam, isCursorBigint, isCursorId, isCursorTimestamp, type CursorKeyValue } from "@/lib/pagination/cursor";
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

/** `<50`, `<=10`, `≤10`, `>=80`, `≥80`, `>100`, `=100`, `100` (same as `=100`); rupees with up to 2 decimals. */
export function parseAmountFilter(value: string): { op: AmountOperator; paise: bigint } | null {
  const m = /^\s*(<=|>=|≤|≥|<|>|=)?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(value);
  if (!m) return null;
  const raw = m[1] ?? "=";
  const op = (raw === "≤" ? "<=" : raw === "≥" ? ">=" : raw) as AmountOperator;
  const paise = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return { op, paise };
}

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

/**
 * GET /api/v1/payments/history query (seed 000's limit, plus seed 003-style filters). Strict: an unknown parameter
 * is a 400 naming it, like any invalid value.
 */
export const historyQuerySchema = z
  .strictObject({
    limit: intQueryParam(1, 100, 10),
    // Absent stays undefined here so that offset together with cursor can be refused; 0 after the refinement.
    offset: intQueryParam(0, 1_000_000, undefined),
    /** Keyset pagination: next_cursor of the previous page, for the same sort and order (filters still apply). */
    cursor: cursorParam,
    status: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") return undefined;
        const list = value.split(",").map((s) => s.trim().toLowerCase());
        const bad = list.filter((s) => !(API_ORDER_STATUSES as readonly string[]).includes(s));
        if (bad.length > 0) {
          ctx.addIssue({ code: "custom", message: `must be one or more (comma-separated) of ${API_ORDER_STATUSES.join(", ")}` });
          return z.NEVER;
        }
        return [...new Set(list)] as ApiOrderStatus[];
      }),
    type: z.enum(["credit_topup", "plan_upgrade"], { error: "must be credit_topup or plan_upgrade" }).optional(),
    amount: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") return undefined;
        const parsed = parseAmountFilter(value);
        if (!parsed) {
          ctx.addIssue({ code: "custom", message: "must be a rupee amount with an optional comparison, e.g. <50, <=10, >=80, >100, =100" });
          return z.NEVER;
        }
        return parsed;
      }),
    paid_from: dateParam,
    paid_upto: dateParam,
    sort: z.enum(HISTORY_SORTS, { error: "must be created_at, amount or paid_at" }).default("created_at"),
    order: z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc"),
    count_only: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
  })
  .superRefine((q, ctx) => {
    if (q.paid_from && q.paid_upto && q.paid_from > q.paid_upto) {
      ctx.addIssue({ code: "custom", path: ["paid_upto"], message: "must not be before paid_from" });
    }
    if (q.cursor && q.offset !== undefined) {
      ctx.addIssue({ code: "custom", path: ["offset"], message: "cannot be combined with cursor: page either by offset or by cursor" });
    }
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
  })
  .transform(({ offset, ...q }) => ({ ...q, offset: offset ?? 0 }));
export type HistoryQuery = z.output<typeof historyQuerySchema>;
