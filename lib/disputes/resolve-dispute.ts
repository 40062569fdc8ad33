import { and, eq } from "drizzle-orm";
import { issueCreditNote } from "@/lib/credit-notes/issue-credit-note";
import { releaseCredits } from "@/lib/credits/release-credits";
import type { Tx } from "@/lib/db";
import { disputes } from "@/lib/db/schema";
import { formatInr } from "@/lib/money/format-inr";
import { flagOrderForReview } from "@/lib/orders/flag-order-for-review";
import { suspendForLostDisputes } from "@/lib/suspensions/suspend-for-lost-disputes";

export type LockedDispute = typeof disputes.$inferSelect;
export interface DisputedOrder {
  id: string;
  accountId: string;
  amountPaise: bigint;
}

export type ResolveOutcome =
  | "released"
  | "won"
  | "lost_credit_note_issued"
  | "lost_credit_note_already_issued"
  | "lost_no_invoice"
  | "lost_invoice_fully_credited";

/**
 * Closes an open dispute once, inside the caller's transaction, with the order row (and so the dispute) locked
 * by the caller. Won → the hold goes back (`dispute:<id>:release`). Lost or accepted → the hold stays for good and
 * the account is suspended when it has now lost too many (lib/suspensions/suspend-for-lost-disputes.ts), and
 * a credit note is issued for the disputed amount (never more than the order's, nor than what its invoice has
 * left after refunds): issueCreditNote is the LAST statement, as its contract asks (it takes the financial
 * year's counter lock, held to COMMIT), so the caller must do nothing after this. A loss whose note cannot be
 * issued in full (no invoice; the invoice already credited by refunds, wholly or partly) flags the order for an
 * operator, before the counter lock is taken or where issueCreditNote took none (its non-`issued` outcomes write
 * and number nothing).
 */
export async function resolveDispute(
  tx: Tx,
  order: DisputedOrder,
  dispute: LockedDispute,
  resolution: "won" | "lost",
  now: Date,
): Promise<ResolveOutcome> {
  if (dispute.resolution !== "open") throw new Error(`dispute ${dispute.id} is already ${dispute.resolution}`);
  await tx
    .update(disputes)
    .set({ resolution, resolvedAt: now, updatedAt: now })
    .where(and(eq(disputes.id, dispute.id), eq(disputes.accountId, order.accountId)));
  if (resolution === "won") {
    if (dispute.heldCredits === 0n) return "won";
    const { released } = await releaseCredits(tx, {
      accountId: order.accountId,
      kind: "dispute_release",
      amountCredits: dispute.heldCredits,
      causeKey: `dispute:${dispute.id}:release`,
      orderId: order.id,
      description: `Dispute ${dispute.cfDisputeId} won: held credits released`,
    });
    return released ? "released" : "won";
  }
  // The misuse rule: before the credit note, which must stay last (its counter lock is held to COMMIT).
  await suspendForLostDisputes(tx, { accountId: order.accountId, now });
  const amountPaise = dispute.amountPaise < order.amountPaise ? dispute.amountPaise : order.amountPaise;
  const request = {
    accountId: order.accountId,
    orderId: order.id,
    disputeId: dispute.id,
    reason: `Chargeback lost (dispute ${dispute.cfDisputeId})`,
    issuedAt: now,
  };
  const flag = (why: string) => flagOrderForReview(tx, { accountId: order.accountId, orderId: order.id }, `dispute ${dispute.cfDisputeId} lost: ${why}`, now);
  let issued = await issueCreditNote(tx, { ...request, amountPaise });
  // Refunds may have credited part of the invoice already: the credit note takes what is left.
  if (issued.outcome === "exceeds_invoice") {
    if (issued.remainingPaise <= 0n) {
      await flag(`the invoice is already fully credited (refunds): no credit note for the ${formatInr(amountPaise)} charged back`);
      return "lost_invoice_fully_credited";
    }
    await flag(`credit note for ${formatInr(issued.remainingPaise)} only, what the invoice has left, of the ${formatInr(amountPaise)} charged back`);
    issued = await issueCreditNote(tx, { ...request, amountPaise: issued.remainingPaise });
  }
  switch (issued.outcome) {
    case "issued":
      return "lost_credit_note_issued";
    case "already_issued":
      return "lost_credit_note_already_issued";
    case "no_invoice":
      // An operator issues the note once the invoice exists.
      await flag("the order has no invoice yet: credit note not issued");
      return "lost_no_invoice";
    case "exceeds_invoice":
      await flag(`the invoice has ${formatInr(issued.remainingPaise)} left: credit note not issued`);
      return "lost_invoice_fully_credited";
  }
}
