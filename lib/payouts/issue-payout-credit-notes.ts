import { and, eq } from "drizzle-orm";
import { issueCreditNote, type IssueCreditNoteOutcome } from "@/lib/credit-notes/issue-credit-note";
import type { Db } from "@/lib/db";
import { orders, payoutAllocations } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { formatInr } from "@/lib/money/format-inr";
import { flagOrderForReview } from "@/lib/orders/flag-order-for-review";
import { lockPayout } from "./payout-rules";

export type PayoutCreditNoteOutcome = { orderId: string } & (IssueCreditNoteOutcome | { outcome: "not_processed" });

/**
 * The `issue-payout-credit-notes` job (queued with the payout's move to `processed`): one GST credit note per
 * allocation (the top-up the credits came from, against its invoice), each in a transaction of its own because
 * issueCreditNote allows ONE note per transaction. Locks per note, in this order: the payout row, the order row,
 * then issueCreditNote's invoice row and counter as the LAST statements. Exactly once per (payout, order): a rerun
 * gets `already_issued`. An allocation that cannot get a note (no invoice, or the invoice already credited by other
 * notes) flags its order for an operator, once (the reason names the payout).
 */
export async function issuePayoutCreditNotes(db: Db, payoutId: string, now: Date): Promise<PayoutCreditNoteOutcome[]> {
  const allocations = await db.select().from(payoutAllocations).where(eq(payoutAllocations.payoutId, payoutId)).orderBy(payoutAllocations.orderId);
  const outcomes: PayoutCreditNoteOutcome[] = [];
  for (const allocation of allocations) {
    const outcome = await db.transaction(async (tx): Promise<PayoutCreditNoteOutcome> => {
      const payout = await lockPayout(tx, payoutId);
      if (!payout || payout.status !== "processed") return { orderId: allocation.orderId, outcome: "not_processed" };
      await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.id, allocation.orderId), eq(orders.accountId, payout.accountId))).for("update");
      const note = await issueCreditNote(tx, {
        accountId: payout.accountId,
        orderId: allocation.orderId,
        payoutId: payout.id,
        amountPaise: allocation.amountPaise,
        reason: `Payout of ${allocation.credits} unused credits to the customer's bank account (payout ${payout.id})`,
        issuedAt: payout.completedAt ?? now,
      });
      if (note.outcome === "no_invoice" || note.outcome === "exceeds_invoice") {
        log.warn("payout processed without a credit note for an order", { payoutId, orderId: allocation.orderId, outcome: note.outcome });
        const why = note.outcome === "no_invoice" ? "the order has no invoice" : `its ${formatInr(allocation.amountPaise)} exceeds what the invoice has left (${formatInr(note.remainingPaise)})`;
        await flagOrderForReview(tx, { accountId: payout.accountId, orderId: allocation.orderId }, `payout ${payout.id} processed without a credit note: ${why}`, now);
      }
      return { orderId: allocation.orderId, ...note };
    });
    outcomes.push(outcome);
  }
  return outcomes;
}
