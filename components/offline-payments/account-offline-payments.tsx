import Link from "next/link";
import { td, th } from "@/components/billing/primitives";
import { Badge } from "@/components/ui";
import type { AccountOfflinePayment } from "@/lib/offline-payments/list-account-offline-payments";

const STATUS_TONE = { Paid: "green", CancelRequest: "amber", Cancelled: "red" } as const;
const STATUS_LABEL = { Paid: "Paid", CancelRequest: "Cancellation pending", Cancelled: "Cancelled" } as const;

/** The account's payments made outside Cashfree (recorded by Khata's finance team): mode, reference, receipt, invoice. */
export function AccountOfflinePayments({ payments }: { payments: AccountOfflinePayment[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Offline payments" tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Receipt</th>
            <th scope="col" className={th}>Paid on</th>
            <th scope="col" className={th}>Mode</th>
            <th scope="col" className={th}>Reference</th>
            <th scope="col" className={`${th} text-right`}>Amount</th>
            <th scope="col" className={`${th} text-right`}>Credits</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Invoice</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {payments.map((p) => (
            <tr key={p.id} data-testid="account-offline-payment">
              <td className={`${td} font-mono`}>
                <a className="text-brand-700 underline" href={`/api/v1/offline-payments/${encodeURIComponent(p.id)}/receipt`} download>
                  {p.receipt_number}
                </a>
              </td>
              <td className={td}>{p.payment_date}</td>
              <td className={td}>{p.mode}</td>
              <td className={`${td} max-w-xs truncate`}>{p.ref ?? "—"}</td>
              <td className={`${td} text-right tabular-nums`}>₹{p.amt.toFixed(2)}</td>
              <td className={`${td} text-right tabular-nums`}>{p.credits}</td>
              <td className={td}>
                <Badge tone={STATUS_TONE[p.status]}>{STATUS_LABEL[p.status]}</Badge>
              </td>
              <td className={td}>
                {p.invoice_number ? (
                  <Link className="text-brand-700 underline" href={`/invoices/${encodeURIComponent(p.invoice_number)}`}>
                    {p.invoice_number}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
