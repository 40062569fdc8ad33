import type { ReactNode } from "react";
import { td, th } from "@/components/billing/primitives";
import { CreditNoteDeadlineWarning } from "@/components/credit-notes/credit-note-deadline-warning";
import { RefundStatusBadge } from "@/components/refunds/refund-status-badge";
import type { CreditNoteDeadlineView } from "@/lib/credit-notes/credit-note-view";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";
import type { toRefundView } from "@/lib/refunds/refund-view";

export type RefundRowView = ReturnType<typeof toRefundView> & { account_id?: string; credit_note_warning?: CreditNoteDeadlineView["credit_note_warning"] };

/** Refunds with their state: the account's on /payments, every account's on /operator/refunds (with actions). */
export function RefundTable({ refunds, operator = false, actions }: { refunds: RefundRowView[]; operator?: boolean; actions?: (r: RefundRowView) => ReactNode }) {
  return (
    <table className="stack-on-mobile min-w-full divide-y divide-slate-200 text-sm">
      <thead className="bg-slate-50">
        <tr>
          <th scope="col" className={th}>Asked (IST)</th>
          {operator ? <th scope="col" className={th}>Account</th> : null}
          <th scope="col" className={th}>Order</th>
          <th scope="col" className={`${th} text-right`}>Credits</th>
          <th scope="col" className={`${th} text-right`}>Amount</th>
          <th scope="col" className={th}>Reason</th>
          <th scope="col" className={th}>Status</th>
          {actions ? (
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {refunds.map((r) => (
          <tr key={r.refund_id} id={`refund-${r.refund_id}`} data-testid="refund-row" data-refund-id={r.refund_id} data-status={r.status} className="align-top">
            <td className={`${td} text-slate-700`} data-label="Asked (IST)">{formatIstDateTime(r.created_at)}</td>
            {operator ? <td className={`${td} font-mono text-xs`} data-label="Account">{r.account_id ?? "—"}</td> : null}
            <td className={`${td} font-mono text-xs`} data-label="Order">{r.order_id}</td>
            <td className={`${td} text-right tabular-nums`} data-label="Credits">{formatCredits(BigInt(r.credits))}</td>
            <td className={`${td} text-right tabular-nums`} data-label="Amount">{formatInr(BigInt(r.amount_paise))}</td>
            <td className="max-w-64 px-4 py-3 break-words text-slate-800" data-label="Reason">
              {r.reason}
              {r.rejection_reason ? <span className="block text-xs text-slate-500">Rejected: {r.rejection_reason}</span> : null}
              {r.failure_reason ? <span className="block text-xs text-slate-500">Cashfree: {r.failure_reason}</span> : null}
            </td>
            <td className={td} data-label="Status">
              <RefundStatusBadge status={r.status} />
              {r.initiated_by === "operator" ? <span className="block text-xs text-slate-500">By Khata support</span> : null}
              {operator ? <CreditNoteDeadlineWarning warning={r.credit_note_warning} /> : null}
            </td>
            {actions ? <td className={`${td} text-right`}>{actions(r)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
