import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";
import { deadlineWarning, type DeadlineWarning } from "@/lib/gst/credit-note-deadline";

/**
 * The s.34(2) warning for a credit note issued `now` against the order's invoice (operator pages: before approving
 * a refund or accepting a dispute); null when the order has no invoice or the deadline is not near.
 */
export async function creditNoteDeadlineOfOrder(db: Executor, input: { accountId: string; orderId: string; now: Date }): Promise<DeadlineWarning | null> {
  const [invoice] = await db
    .select({ issuedAt: invoices.issuedAt })
    .from(invoices)
    .where(and(eq(invoices.orderId, input.orderId), eq(invoices.accountId, input.accountId)))
    .limit(1);
  return invoice ? deadlineWarning(invoice.issuedAt, input.now) : null;
}
