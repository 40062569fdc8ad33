import { and, eq, inArray, sql } from "drizzle-orm";
import { holdCredits } from "@/lib/credits/hold-credits";
import type { Tx } from "@/lib/db";
import { accounts, orders, refunds } from "@/lib/db/schema";
import { rupeeAmountToPaise } from "@/lib/orders/apply-payment";
import { settleRefund, type ApplyRefundOutcome, type ReportedRefund } from "./settle-refund";
import { schedulePoll } from "./schedule-poll";
import { COMMITTED_STATUSES } from "./refund-rules";

/**
 * A refund Khata did not start (made in Cashfree's dashboard). Decision: the money is going back whatever Khata
 * thinks, so it is recorded as an operator-initiated refund (refund_id = Cashfree's), its credits the refunded
 * share of the order (capped at what the order has not refunded yet), held as far as the balance allows (never
 * below zero), and the order is flagged for an operator with what could not be held. Then it follows the usual
 * path (SUCCESS → credit note; PENDING → polled). A FAILED/CANCELLED report of an unknown refund moved no money:
 * the order is only flagged. Runs with the caller's transaction; the order row is locked first.
 */
export async function recordUnknownRefund(tx: Tx, reported: ReportedRefund, now: Date): Promise<ApplyRefundOutcome> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, reported.order_id)).for("update");
  if (!order) return "unknown_order";
  // Another event of the same refund may have recorded it while this one waited for the order's lock.
  const [again] = await tx.select().from(refunds).where(eq(refunds.id, reported.refund_id)).for("update");
  if (again) return again.status === "pending" ? settleRefund(tx, again, reported, now) : "refund_unchanged";

  const flag = async (reason: string) => {
    const text = `refund made in Cashfree: ${reported.refund_id} ${reported.refund_status}; ${reason}`;
    await tx
      .update(orders)
      .set({ flaggedForReview: true, reviewReason: order.reviewReason ? `${order.reviewReason}; ${text}` : text, updatedAt: now })
      .where(and(eq(orders.id, order.id), eq(orders.accountId, order.accountId)));
  };
  const amountPaise = rupeeAmountToPaise(reported.refund_amount);
  if (reported.refund_status === "FAILED" || reported.refund_status === "CANCELLED") {
    await flag("no money moved");
    return "unknown_refund_recorded";
  }
  const [prior] = await tx
    .select({ credits: sql<string>`coalesce(sum(${refunds.credits}), 0)::text` })
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inArray(refunds.status, [...COMMITTED_STATUSES])));
  const left = order.credits - BigInt(prior?.credits ?? "0");
  const share = amountPaise === null ? 0n : (amountPaise * order.credits) / order.amountPaise;
  const credits = share < left ? share : left;
  if (amountPaise === null || amountPaise <= 0n || credits <= 0n) {
    await flag("its amount matches no unrefunded credits of the order; not recorded as a refund");
    return "unknown_refund_recorded";
  }
  const [row] = await tx
    .insert(refunds)
    .values({
      id: reported.refund_id,
      accountId: order.accountId,
      orderId: order.id,
      credits,
      amountPaise,
      reason: "Refund made in Cashfree's dashboard",
      status: "pending",
      initiatedBy: "operator",
      decidedAt: now,
      cfRefundId: reported.cf_refund_id,
      cfRefundStatus: reported.refund_status,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const [account] = await tx.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, order.accountId));
  const balance = account?.balance ?? 0n;
  const holdable = credits < balance ? credits : balance;
  if (holdable > 0n) {
    await holdCredits(tx, { accountId: order.accountId, kind: "refund", amountCredits: holdable, causeKey: `refund:${row!.id}`, orderId: order.id, description: `Refund ${row!.id} made in Cashfree: credits held` });
  }
  await flag(`${holdable} of ${credits} credits held`);
  if (reported.refund_status === "PENDING" || reported.refund_status === "ONHOLD") {
    await schedulePoll(tx, row!.id, 0, now);
    return "unknown_refund_recorded";
  }
  await settleRefund(tx, row!, reported, now);
  return "unknown_refund_recorded";
}
