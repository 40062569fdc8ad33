import { recordAudit } from "@/lib/audit/record-audit";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { disputes, orders } from "@/lib/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { resolutionOf } from "./dispute-status";
import { operatorDisputeView, type DisputeRow } from "./dispute-view";
import { resolveDispute } from "./resolve-dispute";

export interface OperatorResponse {
  response: "accepted" | "contested";
  userId: string;
  /** Cashfree's dispute_status after the call. */
  cfStatus: string;
  evidence?: unknown;
  now: Date;
}

/** Reads a dispute (any account: operators only) and refuses one that can no longer be answered. */
export async function answerableDispute(db: Db, disputeId: string): Promise<DisputeRow> {
  const [row] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
  if (!row) throw notFound("Dispute");
  if (row.resolution !== "open") throw conflict("conflict", `The dispute is already ${row.resolution}.`, { resolution: row.resolution });
  if (row.response !== null) throw conflict("conflict", `The dispute was already ${row.response}.`, { response: row.response, responded_at: row.respondedAt });
  return row;
}

/**
 * Records the operator's answer (who, when, what) after Cashfree took it, in one transaction: the order row is
 * locked first, as the dispute webhooks do, then the dispute. When Cashfree's answer is already final (an
 * accepted dispute closes at once) the dispute is resolved here, once; its DISPUTE_CLOSED webhook then changes
 * nothing. A second answer that raced this one and lost is refused (409) with nothing changed.
 */
export async function recordResponse(db: Db, disputeId: string, answer: OperatorResponse) {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ orderId: disputes.orderId }).from(disputes).where(eq(disputes.id, disputeId));
    if (!found) throw notFound("Dispute");
    const [order] = await tx
      .select({ id: orders.id, accountId: orders.accountId, amountPaise: orders.amountPaise })
      .from(orders)
      .where(eq(orders.id, found.orderId))
      .for("update");
    const [row] = await tx.select().from(disputes).where(eq(disputes.id, disputeId)).for("update");
    if (!order || !row) throw notFound("Dispute");
    if (row.response !== null) throw conflict("conflict", `The dispute was already ${row.response}.`, { response: row.response });
    const open = row.resolution === "open";
    const [updated] = await tx
      .update(disputes)
      .set({
        response: answer.response,
        respondedByUserId: answer.userId,
        respondedAt: answer.now,
        evidence: answer.evidence ?? null,
        ...(open ? { cfStatus: answer.cfStatus } : {}),
        updatedAt: answer.now,
      })
      .where(and(eq(disputes.id, row.id), eq(disputes.accountId, order.accountId)))
      .returning();
    const resolution = resolutionOf(answer.cfStatus);
    await recordAudit(tx, { action: answer.response === "accepted" ? "dispute.accept" : "dispute.contest", accountId: order.accountId, targetType: "dispute", targetId: row.id, before: { response: null, resolution: row.resolution }, after: { response: answer.response, resolution: open ? resolution : row.resolution, cf_status: answer.cfStatus } });
    if (open && resolution !== "open") {
      await resolveDispute(tx, order, updated!, resolution, answer.now);
      return operatorDisputeView({ ...updated!, resolution, resolvedAt: answer.now });
    }
    return operatorDisputeView(updated!);
  });
}
