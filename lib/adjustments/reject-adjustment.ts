import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { creditAdjustments } from "@/lib/db/schema";
import { auditFieldsOf, toAdjustmentView, type AdjustmentView } from "./adjustment-view";
import { lockProposedAdjustment } from "./lock-adjustment";

/**
 * The checker's other answer: proposed → rejected, with the reason; nothing reaches the ledger. A different operator
 * than the maker (always: withdrawing one's own proposal is a rejection by someone else). The row is locked
 * (FOR UPDATE), so a rejection racing an approval leaves exactly one decision.
 */
export async function rejectAdjustment(db: Db, input: { adjustmentId: string; operatorUserId: string; reason: string; now?: Date }): Promise<AdjustmentView> {
  return db.transaction(async (tx) => {
    const before = await lockProposedAdjustment(tx, input.adjustmentId, input.operatorUserId, () => false);
    const [row] = await tx
      .update(creditAdjustments)
      .set({ status: "rejected", decidedByUserId: input.operatorUserId, decidedAt: input.now ?? new Date(), rejectionReason: input.reason.trim() })
      .where(eq(creditAdjustments.id, before.id))
      .returning();
    await recordAudit(tx, { action: "adjustment.reject", accountId: row!.accountId, targetType: "adjustment", targetId: row!.id, before: auditFieldsOf(before), after: { ...auditFieldsOf(row!), rejection_reason: row!.rejectionReason } });
    return toAdjustmentView(row!);
  });
}
