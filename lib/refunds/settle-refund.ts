import { eq } from "drizzle-orm";
import type { CashfreeRefundStatus } from "@/lib/cashfree";
import { releaseCredits } from "@/lib/credits/release-credits";
import type { Tx } from "@/lib/db";
import { ledgerEntries, refunds } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { RefundRow } from "./refund-rules";

/** What Cashfree reported about a refund (a REFUND_STATUS_WEBHOOK's `data.refund`, or Create/Get Refund's answer). */
export interface ReportedRefund {
  refund_id: string;
  /** null when Cashfree never created it (Create Refund refused). */
  cf_refund_id: string | null;
  order_id: string;
  refund_amount: number;
  refund_status: CashfreeRefundStatus;
  refund_arn?: string | null;
  status_description?: string | null;
}

export type ApplyRefundOutcome =
  | "refund_succeeded"
  | "refund_failed"
  | "refund_still_pending"
  /** The refund was already final (succeeded/failed/rejected) or not yet approved: nothing changed. */
  | "refund_unchanged"
  | "unknown_refund_recorded"
  | "unknown_order";

/** A locked `pending` refund meets Cashfree's report. Callers have locked the order row, then the refund row. */
export async function settleRefund(tx: Tx, refund: RefundRow, reported: ReportedRefund, now: Date): Promise<ApplyRefundOutcome> {
  const cf = { cfRefundId: reported.cf_refund_id ?? refund.cfRefundId, cfRefundStatus: reported.refund_status, updatedAt: now };
  switch (reported.refund_status) {
    case "PENDING":
    case "ONHOLD":
      await tx.update(refunds).set(cf).where(eq(refunds.id, refund.id));
      return "refund_still_pending";
    case "FAILED":
    case "CANCELLED": {
      await tx
        .update(refunds)
        .set({ ...cf, status: "failed", failureReason: reported.status_description ?? reported.refund_status, completedAt: now })
        .where(eq(refunds.id, refund.id));
      const [hold] = await tx.select({ amount: ledgerEntries.amountCredits }).from(ledgerEntries).where(eq(ledgerEntries.causeKey, `refund:${refund.id}`));
      if (hold) {
        await releaseCredits(tx, {
          accountId: refund.accountId,
          kind: "refund_release",
          amountCredits: -hold.amount,
          causeKey: `refund:${refund.id}:release`,
          orderId: refund.orderId,
          description: `Refund ${refund.id} ${reported.refund_status.toLowerCase()}: held credits given back`,
        });
      }
      return "refund_failed";
    }
    case "SUCCESS": {
      await tx
        .update(refunds)
        .set({ ...cf, status: "succeeded", refundArn: reported.refund_arn ?? null, completedAt: now })
        .where(eq(refunds.id, refund.id));
      // The credit note in its own transaction (one note per transaction: a settlement batch may complete several).
      await enqueueJob(tx, "issue-refund-credit-note", { refundId: refund.id }, { jobKey: `issue-refund-credit-note:${refund.id}` });
      return "refund_succeeded";
    }
  }
}
