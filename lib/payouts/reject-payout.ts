import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { payouts } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { returnPayoutCredits } from "./payout-outcomes";
import { lockPayout, type PayoutRow } from "./payout-rules";

/**
 * An operator rejects a requested payout (one operator is enough: rejecting moves no money out). One transaction:
 * the payout row locked, then (returnPayoutCredits) the account row: the hold is given back once (cause
 * `payout:<id>:release`) and `payout.rejected` sent once. Rejecting again answers the rejected payout and changes
 * nothing; a payout already approved (or further) → 409 `payout_not_requested`.
 */
export async function rejectPayout(db: Db, input: { payoutId: string; operatorUserId: string; reason: string; now?: Date }): Promise<PayoutRow> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const payout = await lockPayout(tx, input.payoutId);
    if (!payout) throw notFound("Payout");
    if (payout.status === "rejected") return payout;
    if (payout.status !== "requested") {
      throw new AppError("payout_not_requested", `The payout is ${payout.status}; only a requested payout can be rejected.`, { details: { status: payout.status } });
    }
    const [updated] = await tx
      .update(payouts)
      .set({ status: "rejected", rejectedByUserId: input.operatorUserId, rejectedAt: now, rejectionReason: input.reason, updatedAt: now })
      .where(eq(payouts.id, payout.id))
      .returning();
    await returnPayoutCredits(tx, updated!, `rejected: ${input.reason}`, now);
    await recordAudit(tx, { action: "payout.reject", accountId: payout.accountId, targetType: "payout", targetId: payout.id, before: { status: payout.status }, after: { status: updated!.status, rejection_reason: input.reason, credits_returned: payout.credits } });
    return updated!;
  });
}
