import type { creditAdjustments } from "@/lib/db/schema";

export type AdjustmentRow = typeof creditAdjustments.$inferSelect;

export interface AdjustmentView {
  id: string;
  account_id: string;
  direction: "grant" | "debit";
  credits: number;
  reason: string;
  reference: string | null;
  status: "proposed" | "applied" | "rejected";
  proposed_by_user_id: string;
  proposed_at: string;
  decided_by_user_id: string | null;
  decided_at: string | null;
  rejection_reason: string | null;
  ledger_entry_id: string | null;
}

export function toAdjustmentView(row: AdjustmentRow): AdjustmentView {
  return {
    id: row.id,
    account_id: row.accountId,
    direction: row.direction,
    credits: Number(row.credits),
    reason: row.reason,
    reference: row.reference,
    status: row.status,
    proposed_by_user_id: row.proposedByUserId,
    proposed_at: row.proposedAt.toISOString(),
    decided_by_user_id: row.decidedByUserId,
    decided_at: row.decidedAt?.toISOString() ?? null,
    rejection_reason: row.rejectionReason,
    ledger_entry_id: row.ledgerEntryId?.toString() ?? null,
  };
}

/** What the audit log keeps of an adjustment (its changing fields). */
export const auditFieldsOf = (row: AdjustmentRow) => ({ status: row.status, direction: row.direction, credits: row.credits, decided_by_user_id: row.decidedByUserId, ledger_entry_id: row.ledgerEntryId });
