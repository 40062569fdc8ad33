import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db";
import { payoutAllocations, payouts } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { flagOrderForReview } from "@/lib/orders/flag-order-for-review";
import { announcePayoutProcessed, returnPayoutCredits } from "./payout-outcomes";
import { lockPayout } from "./payout-rules";

/** What Cashfree reported about a transfer (a Payouts V2 webhook's `data`, or Get Transfer Status V2's answer). */
export interface ReportedTransfer {
  transfer_id: string;
  cf_transfer_id: string | null;
  status: string;
  status_code?: string | null;
  status_description?: string | null;
  transfer_utr?: string | null;
}

export type ApplyTransferOutcome =
  | "payout_processed"
  | "payout_failed"
  | "payout_reversed"
  | "payout_still_processing"
  /** Final already, or not yet approved, or a report that cannot follow the current state: nothing changed. */
  | "payout_unchanged"
  | "unknown_payout";

const FAILED = new Set(["FAILED", "REJECTED", "MANUALLY_REJECTED"]);

/**
 * The one function a transfer report goes through (webhook, create answer, poll), inside the caller's transaction.
 * Locks: the payout row (FOR UPDATE), then — only on a reversal after success — the allocated orders (flagged),
 * then the account row (returnPayoutCredits). Transitions: approved/processing + SUCCESS → processed (the hold is
 * final; `payout.processed`; credit notes queued); + FAILED/REJECTED → failed, + REVERSED → reversed (credits given
 * back once, `payout.rejected`); + anything else → processing. processed + REVERSED → reversed (credits back; the
 * orders are flagged: their credit notes were issued for money that came back). Duplicates, and reports that
 * arrive after a final state, change nothing (out-of-order deliveries are harmless).
 */
export async function applyTransferStatus(tx: Tx, reported: ReportedTransfer, now: Date): Promise<ApplyTransferOutcome> {
  const payout = await lockPayout(tx, reported.transfer_id);
  if (!payout) return "unknown_payout";
  const status = reported.status.toUpperCase();
  const cf = {
    cfTransferId: reported.cf_transfer_id ?? payout.cfTransferId,
    cfStatus: status,
    cfStatusCode: reported.status_code ?? null,
    transferUtr: reported.transfer_utr ?? payout.transferUtr,
    updatedAt: now,
  };

  if (payout.status === "processed" && status === "REVERSED") {
    const [updated] = await tx.update(payouts).set({ ...cf, status: "reversed", failureReason: reported.status_description ?? "reversed by the bank" }).where(eq(payouts.id, payout.id)).returning();
    const allocations = await tx.select({ orderId: payoutAllocations.orderId }).from(payoutAllocations).where(eq(payoutAllocations.payoutId, payout.id)).orderBy(payoutAllocations.orderId);
    for (const a of allocations) await flagOrderForReview(tx, { accountId: payout.accountId, orderId: a.orderId }, `payout ${payout.id} was reversed after its credit note`, now);
    await returnPayoutCredits(tx, updated!, "reversed by the bank", now);
    await recordAudit(tx, { action: "payout.reversed", accountId: payout.accountId, targetType: "payout", targetId: payout.id, before: { status: payout.status }, after: { status: updated!.status, credits_returned: payout.credits, orders_flagged: allocations.length }, actor: { kind: "system", id: null } });
    return "payout_reversed";
  }
  if (payout.status !== "approved" && payout.status !== "processing") return "payout_unchanged";

  if (status === "SUCCESS") {
    const [updated] = await tx.update(payouts).set({ ...cf, status: "processed", completedAt: now }).where(eq(payouts.id, payout.id)).returning();
    await announcePayoutProcessed(tx, updated!, now);
    await recordAudit(tx, { action: "payout.processed", accountId: payout.accountId, targetType: "payout", targetId: payout.id, before: { status: payout.status }, after: { status: updated!.status, amount_paise: payout.amountPaise, transfer_utr: updated!.transferUtr }, actor: { kind: "system", id: null } });
    // Notes in transactions of their own: issueCreditNote allows one note per transaction, a payout may need several.
    await enqueueJob(tx, "issue-payout-credit-notes", { payoutId: payout.id }, { jobKey: `issue-payout-credit-notes:${payout.id}` });
    return "payout_processed";
  }
  if (FAILED.has(status) || status === "REVERSED") {
    const reversed = status === "REVERSED";
    const reason = reported.status_description ?? reported.status_code ?? status;
    const [updated] = await tx
      .update(payouts)
      .set({ ...cf, status: reversed ? "reversed" : "failed", failureReason: reason.slice(0, 500), completedAt: now })
      .where(eq(payouts.id, payout.id))
      .returning();
    await returnPayoutCredits(tx, updated!, reversed ? "reversed by the bank" : `failed: ${reason}`.slice(0, 300), now);
    await recordAudit(tx, { action: reversed ? "payout.reversed" : "payout.failed", accountId: payout.accountId, targetType: "payout", targetId: payout.id, before: { status: payout.status }, after: { status: updated!.status, failure_reason: updated!.failureReason, credits_returned: payout.credits }, actor: { kind: "system", id: null } });
    return reversed ? "payout_reversed" : "payout_failed";
  }
  await tx.update(payouts).set({ ...cf, status: "processing" }).where(eq(payouts.id, payout.id));
  return "payout_still_processing";
}
