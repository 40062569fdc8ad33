import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/lib/db";
import { accounts, ledgerEntries, orders, refunds } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { OFFLINE_ORDER_ENV } from "@/lib/offline-payments/record-offline-payment";
import { committedPayoutAllocations } from "@/lib/payouts/payout-rules";
import { refundableCredits } from "./refundable-credits";

export type RefundOrder = typeof orders.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

/** Refunds that count against an order's credits and paid amount (not rejected, not failed). */
export const COMMITTED_STATUSES = ["requested", "pending", "succeeded"] as const;

/**
 * Locks the order row (FOR UPDATE, filtered by account: another account's order is a 404) and checks it can be
 * refunded at all: a PAID credit top-up. Plan orders are refused: a plan month is a service being delivered.
 */
export async function lockRefundableOrder(tx: Tx, accountId: string, orderId: string): Promise<RefundOrder> {
  const [order] = await tx.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.accountId, accountId))).for("update");
  if (!order) throw notFound("Order");
  if (order.type !== "credit_topup") {
    throw new AppError("refund_not_allowed", "Plan orders are not refundable: a plan month is a service being delivered. Only paid credit top-ups can be refunded.", {
      details: { order_id: order.id, order_type: order.type },
    });
  }
  if (order.status !== "PAID") throw new AppError("refund_not_allowed", "Only paid orders can be refunded.", { details: { order_id: order.id, order_status: order.status } });
  // That money never went through Cashfree, so Cashfree cannot send it back: an operator cancels the offline payment.
  if (order.cashfreeEnv === OFFLINE_ORDER_ENV) {
    throw new AppError("refund_not_allowed", "This payment was received offline (bank transfer, cheque…): ask Khata support to cancel it instead of a refund.", {
      details: { order_id: order.id, paid: "offline" },
    });
  }
  return order;
}

export interface RefundableState {
  refundableCredits: bigint;
  /** Credits and paise of the order's committed refunds (the one being decided excluded) and payout allocations. */
  priorCredits: bigint;
  priorAmountPaise: bigint;
}

/** What the order can still refund now. Writers call it with the order row locked (lockRefundableOrder). */
export async function refundableState(tx: Executor, order: Pick<RefundOrder, "id" | "accountId" | "credits">, excludeRefundId?: string): Promise<RefundableState> {
  const [prior] = await tx
    .select({ credits: sql<string>`coalesce(sum(${refunds.credits}), 0)::text`, paise: sql<string>`coalesce(sum(${refunds.amountPaise}), 0)::text` })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...COMMITTED_STATUSES]), excludeRefundId ? ne(refunds.id, excludeRefundId) : undefined));
  const [account] = await tx.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, order.accountId));
  const [coupon] = await tx
    .select({ credits: sql<string>`coalesce(sum(${ledgerEntries.amountCredits}), 0)::text` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.accountId, order.accountId), eq(ledgerEntries.kind, "coupon")));
  if (!account) throw notFound("Account");
  // Credits withdrawn by a payout (held or paid out) cannot be refunded as well (lib/payouts).
  const withdrawn = await committedPayoutAllocations(tx, order.id);
  const priorCredits = BigInt(prior?.credits ?? "0") + withdrawn.credits;
  return {
    refundableCredits: refundableCredits({ orderCredits: order.credits, committedCredits: priorCredits, balanceCredits: account.balance, couponCredits: BigInt(coupon?.credits ?? "0") }),
    priorCredits,
    priorAmountPaise: BigInt(prior?.paise ?? "0") + withdrawn.amountPaise,
  };
}

export function exceedsRefundable(requested: bigint, refundable: bigint): AppError {
  return new AppError("refund_exceeds_refundable", `At most ${refundable} credits of this order can be refunded.`, {
    details: { requested_credits: requested.toString(), refundable_credits: refundable.toString() },
  });
}

/** Locks the refund row (after its order's), filtered by account. */
export async function lockRefund(tx: Tx, refundId: string): Promise<RefundRow | null> {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for("update");
  return refund ?? null;
}
