import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { creditAdjustments } from "@/lib/db/schema";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { AdjustmentRow } from "./adjustment-view";

/** The ledger cause of an adjustment: one entry per adjustment, ever (the unique cause_key). */
export const adjustmentCauseKey = (adjustmentId: string) => `adjustment:${adjustmentId}`;

/**
 * Locks a proposed adjustment (FOR UPDATE) for its decision: concurrent decisions queue on the row and every one
 * after the first finds it decided (409). The checker must differ from the maker unless `makerMayDecide(row)`.
 */
export async function lockProposedAdjustment(tx: Tx, adjustmentId: string, operatorUserId: string, makerMayDecide: (row: AdjustmentRow) => boolean): Promise<AdjustmentRow> {
  const [row] = await tx.select().from(creditAdjustments).where(eq(creditAdjustments.id, adjustmentId)).for("update");
  if (!row) throw notFound("Adjustment");
  if (row.status !== "proposed") throw conflict("conflict", `The adjustment is already ${row.status}.`, { status: row.status });
  if (row.proposedByUserId === operatorUserId && !makerMayDecide(row)) {
    throw new AppError("insufficient_permissions", "A different operator must decide an adjustment you proposed (maker ≠ checker).");
  }
  return row;
}
