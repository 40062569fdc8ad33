import { and, eq } from "drizzle-orm";
import { issueCreditNote, type IssueCreditNoteOutcome } from "@/lib/credit-notes/issue-credit-note";
import type { Db } from "@/lib/db";
import { orders, refunds } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { flagOrderForReview } from "@/lib/orders/flag-order-for-review";
import { formatInr } from "@/lib/money/format-inr";
import { lockRefund } from "./refund-rules";

/**
 * The `issue-refund-credit-note` job (queued with the refund's move to `succeeded`, in that transaction): issues
 * its credit note in a transaction of its own, because issueCreditNote allows ONE note per transaction (a webhook
 * settlement batch may complete several refunds). Locks: the order row, the refund row, then issueCreditNote's
 * invoice row and counter as the LAST statements. Exactly once: a second run gets `already_issued`.
 * A refund that cannot get a note (`no_invoice`, or `exceeds_invoice`: other notes, e.g. a lost dispute's, took
 * the invoice) completed all the same: the order is flagged for an operator instead. issueCreditNote wrote
 * nothing and took no counter lock then, so writing the (already locked) order row after it is safe; the flag's
 * reason names the refund, so a rerun of the job flags once.
 */
export async function issueRefundCreditNote(db: Db, refundId: string, now: Date): Promise<IssueCreditNoteOutcome | { outcome: "not_succeeded" }> {
  return db.transaction(async (tx) => {
    const [peek] = await tx.select({ accountId: refunds.accountId, orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, refundId));
    if (!peek) return { outcome: "not_succeeded" as const };
    await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, peek.orderId), eq(orders.accountId, peek.accountId))).for("update");
    const refund = await lockRefund(tx, refundId);
    if (!refund || refund.status !== "succeeded") return { outcome: "not_succeeded" as const };
    const note = await issueCreditNote(tx, {
      accountId: refund.accountId,
      orderId: refund.orderId,
      refundId: refund.id,
      amountPaise: refund.amountPaise,
      reason: `Refund of ${refund.credits} unused credits`,
      issuedAt: refund.completedAt ?? now,
    });
    if (note.outcome === "no_invoice" || note.outcome === "exceeds_invoice") {
      log.warn("refund succeeded without a credit note", { refundId, outcome: note.outcome });
      const why =
        note.outcome === "no_invoice"
          ? "the order has no invoice"
          : `its ${formatInr(refund.amountPaise)} exceeds what the invoice has left (${formatInr(note.remainingPaise)})`;
      await flagOrderForReview(tx, refund, `refund ${refund.id} completed without a credit note: ${why}`, now);
    }
    return note;
  });
}
