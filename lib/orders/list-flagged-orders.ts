import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";
import type { Executor } from "@/lib/db";
import { invoices, orders } from "@/lib/db/schema";
import { paiseToRupees } from "@/lib/money/format-inr";
import { apiStatusOf } from "./order-view";


/** GET /api/v1/admin/orders query: `flagged=1` (default) lists orders flagged for review; `flagged=0` lists all; `account_id` narrows to one account. */
export const adminOrdersQuerySchema = z.strictObject({
  flagged: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("1"),
  account_id: z.string().min(1).max(64).optional(),
  limit: intQueryParam(1, 100, 50),
  offset: intQueryParam(0, 1_000_000, 0),
});
export type AdminOrdersQuery = z.output<typeof adminOrdersQuerySchema>;

/** Operators only (policy `operator:orders`): orders across every account, newest first. */
export async function listOrdersForOperator(db: Executor, query: AdminOrdersQuery, now: Date = new Date()) {
  const where = and(query.flagged === "1" ? eq(orders.flaggedForReview, true) : undefined, query.account_id ? eq(orders.accountId, query.account_id) : undefined);
  const [counted] = await db.select({ n: count() }).from(orders).where(where);
  const rows = await db
    .select({ order: orders, invoiceNumber: invoices.invoiceNumber })
    .from(orders)
    .leftJoin(invoices, eq(invoices.orderId, orders.id))
    .where(where)
    .orderBy(desc(orders.updatedAt), desc(orders.id))
    .limit(query.limit)
    .offset(query.offset);
  return {
    orders: rows.map(({ order, invoiceNumber }) => ({
      order_id: order.id,
      account_id: order.accountId,
      type: order.type,
      plan: order.plan,
      credits: order.credits,
      amount: paiseToRupees(order.amountPaise),
      amount_paise: order.amountPaise,
      paid_amount_paise: order.paidAmountPaise,
      currency: order.currency,
      status: apiStatusOf(order, now),
      cf_order_id: order.cfOrderId,
      cf_payment_id: order.cfPaymentId,
      cashfree_env: order.cashfreeEnv,
      flagged_for_review: order.flaggedForReview,
      review_reason: order.reviewReason,
      invoice_number: invoiceNumber,
      created_at: order.createdAt,
      paid_at: order.paidAt,
      updated_at: order.updatedAt,
    })),
    total: Number(counted?.n ?? 0),
    limit: query.limit,
    offset: query.offset,
  };
}
