import { z } from "zod";
import { PLAN_IDS } from "@/lib/config/plans";

export const OFFLINE_MODES = ["Cash", "Cheque", "DD", "Card", "Bank", "Online"] as const;
export type OfflineMode = (typeof OFFLINE_MODES)[number];
export const OFFLINE_STATUSES = ["Paid", "CancelRequest", "Cancelled"] as const;
export type OfflineStatus = (typeof OFFLINE_STATUSES)[number];

/** ₹100 crore: far above any prepaid top-up, and exact through the rupee amount the settlement path compares. */
export const MAX_AMOUNT_PAISE = 100_000_000_000;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date written yyyy-mm-dd (2026-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(DATE_RE, { message: "must be a date in yyyy-mm-dd format", abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a calendar date");

export const recordOfflinePaymentBodySchema = z
  .object({
    account_id: z.string().min(1).max(100),
    amount_paise: z.number().int("must be a whole number of paise").min(100, "must be at least 100 paise (₹1)").max(MAX_AMOUNT_PAISE, "may be at most ₹100 crore"),
    mode: z.enum(OFFLINE_MODES),
    /** The IST date the money was received; default today (IST); never in the future (checked with the service's clock). */
    payment_date: isoDate.optional(),
    reference: z.string().trim().max(255, "may be at most 255 characters").optional(),
    pays_for: z.enum(["credit_topup", "plan"]).default("credit_topup"),
    plan: z.enum(PLAN_IDS).optional(),
  })
  .strict()
  .refine((b) => (b.pays_for === "plan") === (b.plan !== undefined), {
    message: "is required when pays_for is plan, and only then",
    path: ["plan"],
  });
export type RecordOfflinePaymentBody = z.infer<typeof recordOfflinePaymentBodySchema>;

export const paymentIdParamsSchema = z.object({ payment_id: z.string().regex(/^op_[0-9a-f]{24}$/, "is not an offline payment id") });

export const cancelRequestBodySchema = z.object({ reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500) }).strict();
export const cancelDecisionBodySchema = z.object({ decision: z.enum(["approve", "reject"]) }).strict();

export const searchAccountsQuerySchema = z.object({ q: z.string().trim().min(2, "type at least 2 characters").max(100) });

// ------------------------------------------------------------- seed 003's list filters

export type AmountOperator = "<" | "<=" | ">" | ">=" | "=";
export interface AmountFilter {
  op: AmountOperator;
  paise: bigint;
}

const AMT_RE = /^(<=|>=|≤|≥|<|>|=)?\s*(\d{1,13})(?:\.(\d{1,2}))?$/;
/** Seed 003's `amt`: rupees with an optional comparison (`<50`, `≤10`, `≥80`, `=100`, `100`). */
export function parseAmountFilter(raw: string): AmountFilter | null {
  const m = AMT_RE.exec(raw.trim());
  if (!m) return null;
  const op = ({ "≤": "<=", "≥": ">=" } as Record<string, AmountOperator>)[m[1] ?? ""] ?? ((m[1] || "=") as AmountOperator);
  const paise = BigInt(m[2]!) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return { op, paise };
}

/** sort_field: seed 003's names mapped to Khata's columns (ispid / resellerid have no meaning here). */
export const SORT_FIELDS = {
  id: "id",
  customerid: "account",
  serviceid: "plan",
  userid: "recorded_by",
  receiptno: "receipt",
  amt: "amount",
  payment_date: "paid_on",
} as const;
export type SortKey = (typeof SORT_FIELDS)[keyof typeof SORT_FIELDS];

const notInKhata = (what: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined, `Khata has no ${what}; remove the parameter`);

/** A whole number from a query string, absent → undefined (callers choose the default). */
export const seedIntParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

export const amtParam = z
  .string()
  .transform((v, ctx): AmountFilter => {
    const parsed = parseAmountFilter(v);
    if (!parsed) ctx.addIssue({ code: "custom", message: "must be rupees with an optional <, <=, ≤, >, >=, ≥ or =, e.g. ≥80" });
    return parsed ?? { op: "=", paise: 0n }; // never used: the issue fails the parse
  })
  .optional();

/**
 * Seed 003's `payment/list` parameters that mean the same wherever Khata lists payments: GET /api/v1/offline-payments
 * and the unified GET /api/v1/payments/history parse them with these, so both refuse the same values the same way.
 * rows_limit / rows_offset / sort_order stay undefined when absent (each list has its defaults).
 */
export const seedListFields = {
  customerid: z.string().min(1).max(100).optional(),
  serviceid: z.enum(PLAN_IDS).optional(),
  userid: z.string().min(1).max(100).optional(),
  ispid: notInKhata("ISPs"),
  resellerid: notInKhata("resellers"),
  receiptno: z.string().regex(/^\d{1,9}$/, "must be the receipt number's digits").transform(Number).optional(),
  prefix: z.string().max(16).optional(),
  suffix: z.string().max(16).optional(),
  mode: z.enum(OFFLINE_MODES).optional(),
  amt: amtParam,
  paid_from: isoDate.optional(),
  paid_upto: isoDate.optional(),
  rows_limit: seedIntParam(1, 100),
  rows_offset: seedIntParam(0, 999_999),
  sort_order: z.enum(["asc", "desc"]).optional(),
  show_count: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
};

export const OFFLINE_PAYMENT_ID_RE = /^op_[0-9a-f]{24}$/;

/** Query of GET /api/v1/offline-payments: seed 003's parameter names, exactly (strings in, typed out). */
export const listOfflinePaymentsQuerySchema = z
  .object({
    ...seedListFields,
    paymentid: z.string().regex(OFFLINE_PAYMENT_ID_RE, "is not an offline payment id").optional(),
    status: z.enum(OFFLINE_STATUSES).optional(),
    rows_limit: seedListFields.rows_limit.transform((v) => v ?? 10),
    rows_offset: seedListFields.rows_offset.transform((v) => v ?? 0),
    sort_field: z.enum(Object.keys(SORT_FIELDS) as [keyof typeof SORT_FIELDS, ...(keyof typeof SORT_FIELDS)[]]).default("id"),
    sort_order: z.enum(["asc", "desc"]).default("asc"),
  })
  .refine((q) => !q.paid_from || !q.paid_upto || q.paid_from <= q.paid_upto, { message: "must not be before paid_from", path: ["paid_upto"] });
export type ListOfflinePaymentsQuery = z.infer<typeof listOfflinePaymentsQuerySchema>;
