import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { orders, refunds } from "@/lib/db/schema";
import { lockRefund } from "./refund-rules";
import { recordUnknownRefund } from "./record-unknown-refund";
import { settleRefund, type ApplyRefundOutcome, type ReportedRefund } from "./settle-refund";

export type { ApplyRefundOutcome, ReportedRefund } from "./settle-refund";

const TERMINAL = new Set(["succeeded", "failed", "rejected"]);

/**
 * The one place a Cashfree refund outcome is applied (the webhook's settlement and the poll job both call it),
 * inside the caller's transaction. Locks, in this order: the order row, then the refund row (FOR UPDATE), the same
 * order as approval, so they serialise. Terminal states are final: a stale PENDING after SUCCESS, or a duplicate,
 * changes nothing. SUCCESS → `succeeded` (completed_at, ARN) and the
 * `issue-refund-credit-note` job queued with it (issueCreditNote allows one note per transaction); FAILED/CANCELLED → `failed` and what was held given
 * back once (cause `refund:<id>:release`). A refund Khata does not know is recorded (recordUnknownRefund).
 */
export async function applyRefundStatus(tx: Tx, reported: ReportedRefund, now: Date): Promise<ApplyRefundOutcome> {
  const [peek] = await tx.select({ accountId: refunds.accountId, orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, reported.refund_id));
  if (!peek) return recordUnknownRefund(tx, reported, now);
  const [order] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, peek.orderId), eq(orders.accountId, peek.accountId))).for("update");
  const refund = await lockRefund(tx, reported.refund_id);
  if (!order || !refund) return "unknown_order";
  if (TERMINAL.has(refund.status) || refund.status === "requested") return "refund_unchanged";
  return settleRefund(tx, refund, reported, now);
}

