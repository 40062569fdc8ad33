import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db";
import { accounts, creditAdjustments } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { auditFieldsOf, toAdjustmentView, type AdjustmentView } from "./adjustment-view";

export interface ProposeAdjustmentInput {
  accountId: string;
  direction: "grant" | "debit";
  credits: bigint;
  reason: string;
  reference?: string;
  operatorUserId: string;
  now?: Date;
}

/**
 * The maker's step: records a proposed adjustment (who, when, why). Nothing moves until it is approved
 * (approve-adjustment.ts); a debit is checked against the balance then, not now. One transaction with its audit entry.
 */
export async function proposeAdjustment(db: Db, input: ProposeAdjustmentInput): Promise<AdjustmentView> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.accountId));
    if (!account) throw notFound("Account");
    const [row] = await tx
      .insert(creditAdjustments)
      .values({
        id: newId("adj"),
        accountId: input.accountId,
        direction: input.direction,
        credits: input.credits,
        reason: input.reason.trim(),
        reference: input.reference?.trim() || null,
        proposedByUserId: input.operatorUserId,
        proposedAt: input.now ?? new Date(),
      })
      .returning();
    await recordAudit(tx, { action: "adjustment.propose", accountId: row!.accountId, targetType: "adjustment", targetId: row!.id, after: { ...auditFieldsOf(row!), reason: row!.reason, reference: row!.reference } });
    return toAdjustmentView(row!);
  });
}
