import { creditNoteDeadlineView } from "@/lib/credit-notes/credit-note-view";
import { invoiceDatesOfOrders } from "@/lib/credit-notes/invoice-dates-of-orders";
import type { Executor } from "@/lib/db";
import { listRefunds } from "./list-refunds";
import type { RefundRow } from "./refund-rules";
import { toAdminRefundView } from "./refund-view";
import type { ListRefundsQuery } from "./schemas";

/** A refund that may still issue a credit note: the s.34(2) warning matters only for these. */
const mayIssueCreditNote = (refund: RefundRow) => refund.status === "requested" || refund.status === "pending";

/** Operators' refund rows with the s.34(2) deadline of each order's invoice (`credit_note_deadline`, `credit_note_warning`). */
export async function adminRefundViews(db: Executor, refunds: readonly RefundRow[], now: Date) {
  const invoiceDates = await invoiceDatesOfOrders(db, refunds);
  return refunds.map((refund) => ({
    ...toAdminRefundView(refund),
    ...creditNoteDeadlineView(invoiceDates.get(refund.orderId), { now, open: mayIssueCreditNote(refund) }),
  }));
}
export type AdminRefundView = Awaited<ReturnType<typeof adminRefundViews>>[number];

/** Every account's refunds for operators (GET /api/v1/admin/refunds, /operator/refunds), deadline fields included. */
export async function listAdminRefunds(db: Executor, query: ListRefundsQuery, now: Date) {
  return adminRefundViews(db, await listRefunds(db, null, query), now);
}

/** One refund for an operator's answer (own-initiative refund, approval). */
export async function adminRefundView(db: Executor, refund: RefundRow, now: Date): Promise<AdminRefundView> {
  const [view] = await adminRefundViews(db, [refund], now);
  return view!;
}
