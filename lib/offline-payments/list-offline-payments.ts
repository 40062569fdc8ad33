import { and, asc, count, desc, eq, gt, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { offlinePayments } from "@/lib/db/schema";
import { toOfflinePaymentView, type OfflinePaymentView } from "./offline-payment-view";
import { SORT_FIELDS, type AmountFilter, type ListOfflinePaymentsQuery } from "./schemas";

const t = offlinePayments;

const SORT_COLUMNS = {
  id: t.id,
  account: t.accountId,
  plan: t.plan,
  recorded_by: t.recordedByUserId,
  receipt: t.receiptSeq,
  amount: t.amountPaise,
  paid_on: t.paidOn,
} as const;

function amountCondition(filter: AmountFilter): SQL {
  const ops = { "<": lt, "<=": lte, ">": gt, ">=": gte, "=": eq } as const;
  return ops[filter.op](t.amountPaise, filter.paise);
}

/**
 * Seed 003's filters as SQL conditions on offline_payments (seed names → Khata: customerid = account, serviceid = plan,
 * userid = recorder); the payment history applies the receipt and recorder ones through its join.
 */
export function offlinePaymentConditions(q: Partial<ListOfflinePaymentsQuery>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    q.paymentid !== undefined ? eq(t.id, q.paymentid) : undefined,
    q.customerid !== undefined ? eq(t.accountId, q.customerid) : undefined,
    q.serviceid !== undefined ? eq(t.plan, q.serviceid) : undefined,
    q.userid !== undefined ? eq(t.recordedByUserId, q.userid) : undefined,
    q.receiptno !== undefined ? eq(t.receiptSeq, q.receiptno) : undefined,
    q.prefix !== undefined ? eq(t.receiptPrefix, q.prefix) : undefined,
    q.suffix !== undefined ? eq(t.receiptSuffix, q.suffix) : undefined,
    q.mode !== undefined ? eq(t.mode, q.mode) : undefined,
    q.status !== undefined ? eq(t.status, q.status) : undefined,
    q.amt !== undefined ? amountCondition(q.amt) : undefined,
    q.paid_from !== undefined ? gte(t.paidOn, q.paid_from) : undefined,
    q.paid_upto !== undefined ? lte(t.paidOn, q.paid_upto) : undefined,
  ];
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

export type ListOfflinePaymentsResult = { kind: "count"; count: number } | { kind: "rows"; payments: OfflinePaymentView[] };

/**
 * GET /api/v1/offline-payments (operators: every account). `show_count=1` answers the number of matches and
 * ignores rows_limit / rows_offset, as in seed 003. Rows sort by sort_field (PostgreSQL's NULL order: a missing plan sorts last ascending, first descending), then id, so pages are
 * stable.
 */
export async function listOfflinePayments(db: Executor, q: ListOfflinePaymentsQuery): Promise<ListOfflinePaymentsResult> {
  const where = offlinePaymentConditions(q);
  if (q.show_count) {
    const [row] = await db.select({ n: count() }).from(t).where(where);
    return { kind: "count", count: Number(row?.n ?? 0) };
  }
  const direction = q.sort_order === "desc" ? desc : asc;
  const column = SORT_COLUMNS[SORT_FIELDS[q.sort_field]];
  const order = column === t.id ? [direction(t.id)] : [direction(column), direction(t.id)];
  const rows = await db
    .select()
    .from(t)
    .where(where)
    .orderBy(...order)
    .limit(q.rows_limit)
    .offset(q.rows_offset);
  return { kind: "rows", payments: rows.map(toOfflinePaymentView) };
}
