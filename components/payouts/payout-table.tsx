import type { ReactNode } from "react";
import { td, th } from "@/components/billing/primitives";
import { PayoutStatusBadge } from "@/components/payouts/payout-status-badge";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";
import type { toPayoutView } from "@/lib/payouts/payout-view";

export type PayoutRowView = ReturnType<typeof toPayoutView> & { account_id?: string; first_approved_by_user_id?: string | null };

/** Payouts with their state: the account's on /billing, every account's on /operator/payouts (with actions). */
export function PayoutTable({ payouts, operator = false, actions }: { payouts: PayoutRowView[]; operator?: boolean; actions?: (p: PayoutRowView) => ReactNode }) {
  return (
    <table className="stack-on-mobile min-w-full divide-y divide-slate-200 text-sm">
      <thead className="bg-slate-50">
        <tr>
          <th scope="col" className={th}>Asked (IST)</th>
          {operator ? <th scope="col" className={th}>Account</th> : null}
          <th scope="col" className={th}>To</th>
          <th scope="col" className={`${th} text-right`}>Credits</th>
          <th scope="col" className={`${th} text-right`}>Amount</th>
          <th scope="col" className={th}>Status</th>
          {actions ? (
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {payouts.map((p) => (
          <tr key={p.payout_id} id={`payout-${p.payout_id}`} data-testid="payout-row" data-payout-id={p.payout_id} data-status={p.status} className="align-top">
            <td className={`${td} text-slate-700`} data-label="Asked (IST)">{formatIstDateTime(p.created_at)}</td>
            {operator ? <td className={`${td} font-mono text-xs`} data-label="Account">{p.account_id ?? "—"}</td> : null}
            <td className="max-w-64 px-4 py-3 break-words text-slate-800" data-label="To">
              {p.beneficiary.name}
              <span className="block font-mono text-xs text-slate-500">
                {p.beneficiary.account_number} · {p.beneficiary.ifsc}
              </span>
            </td>
            <td className={`${td} text-right tabular-nums`} data-label="Credits">{formatCredits(BigInt(p.credits))}</td>
            <td className={`${td} text-right tabular-nums`} data-label="Amount">{formatInr(BigInt(p.amount_paise))}</td>
            <td className={td} data-label="Status">
              <PayoutStatusBadge status={p.status} />
              {p.approvals_required === 2 && p.status === "requested" ? <span className="block text-xs text-slate-500">{p.approvals} of 2 approvals</span> : null}
              {p.rejection_reason ? <span className="block text-xs text-slate-500">Rejected: {p.rejection_reason}</span> : null}
              {p.failure_reason ? <span className="block text-xs text-slate-500">Bank: {p.failure_reason}</span> : null}
              {p.transfer_utr ? <span className="block font-mono text-xs text-slate-500">UTR {p.transfer_utr}</span> : null}
            </td>
            {actions ? <td className={`${td} text-right`}>{actions(p)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
