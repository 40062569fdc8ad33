import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { grantCredits } from "@/lib/credits/grant-credits";
import type { Db } from "@/lib/db";
import { creditAdjustments } from "@/lib/db/schema";
import { auditFieldsOf, toAdjustmentView, type AdjustmentView } from "./adjustment-view";
import { needsSecondOperator } from "./approval-rule";
import { debitCredits } from "./debit-credits";
import { adjustmentCauseKey, lockProposedAdjustment } from "./lock-adjustment";

export interface ApproveAdjustmentInput {
  adjustmentId: string;
  operatorUserId: string;
  /** ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE: null = every adjustment needs a second operator. */
  singleApprovalLimitPaise: bigint | null;
  now?: Date;
}

/**
 * The checker's step: proposed → applied, with exactly one ledger entry (kind `adjustment`, cause
 * `adjustment:<id>`). One transaction, locks in this order: the adjustment row (FOR UPDATE; concurrent approvals
 * queue and all but the first get 409), then the account row (the ledger statement). A debit larger than the
 * spendable balance is refused (402 insufficient_balance) and nothing changes; the adjustment stays proposed.
 */
export async function approveAdjustment(db: Db, input: ApproveAdjustmentInput): Promise<AdjustmentView> {
  return db.transaction(async (tx) => {
    const peek = await lockProposedAdjustment(tx, input.adjustmentId, input.operatorUserId, (row) => !needsSecondOperator(row.credits, input.singleApprovalLimitPaise));
    const description = `Adjustment (${peek.direction}): ${peek.reason}`.slice(0, 500);
    const metadata = { adjustment_id: peek.id, reference: peek.reference };
    const causeKey = adjustmentCauseKey(peek.id);
    const ledgerEntryId =
      peek.direction === "grant"
        ? (await grantCredits(tx, { accountId: peek.accountId, kind: "adjustment", amountCredits: peek.credits, causeKey, description, metadata })).ledgerEntryId
        : await debitCredits(tx, { accountId: peek.accountId, credits: peek.credits, causeKey, description, metadata });
    if (ledgerEntryId === null) throw new Error(`adjustment ${peek.id} was already in the ledger`);
    const [row] = await tx
      .update(creditAdjustments)
      .set({ status: "applied", decidedByUserId: input.operatorUserId, decidedAt: input.now ?? new Date(), ledgerEntryId })
      .where(eq(creditAdjustments.id, peek.id))
      .returning();
    await recordAudit(tx, { action: "adjustment.apply", accountId: row!.accountId, targetType: "adjustment", targetId: row!.id, before: auditFieldsOf(peek), after: auditFieldsOf(row!) });
    return toAdjustmentView(row!);
  });
}
