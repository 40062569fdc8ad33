import type { Metadata } from "next";
import { describeOrder } from "@/components/billing/payment-rows";
import { td, th } from "@/components/billing/primitives";
import { PaymentStatusBadge } from "@/components/billing/status-badge";
import { FlaggedOrderActions } from "@/components/orders/flagged-order-actions";
import Link from "next/link";
import { EmptyState, PageHeader } from "@/components/ui";
import { getDb } from "@/lib/db";
import { formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";
import { adminOrdersQuerySchema, listOrdersForOperator } from "@/lib/orders/list-flagged-orders";

export const metadata: Metadata = { title: "Flagged orders · Operator" };

export default async function OperatorOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // From an account page's "More": that account's orders, flagged or not.
  const { account_id: rawAccount, flagged: rawFlagged } = await searchParams;
  const accountId = typeof rawAccount === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(rawAccount) ? rawAccount : undefined;
  const flagged = accountId && rawFlagged === "0" ? "0" : "1";
  const { orders, total } = await listOrdersForOperator(await getDb(), adminOrdersQuerySchema.parse({ flagged, account_id: accountId, limit: "100" }));
  return (
    <>
      <PageHeader
        title={accountId ? `Orders of ${accountId}${flagged === "1" ? " flagged for review" : ""}` : "Orders flagged for review"}
        description="Nothing was granted for a flagged payment until a person reviews it: refund it, settle it after Khata checks with Cashfree (credited only if Cashfree says PAID), or dismiss the flag with a reason. Who and when are recorded."
      />
      {orders.length === 0 ? (
        <EmptyState title="Nothing to review">No order is flagged. Amount mismatches and duplicate payments appear here.</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">
            {total} {flagged === "1" ? "flagged " : ""}order{total === 1 ? "" : "s"}, most recently updated first.
          </p>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Flagged orders" tabIndex={0}>
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Order</th>
                  <th scope="col" className={th}>Account</th>
                  <th scope="col" className={`${th} text-right`}>Order amount</th>
                  <th scope="col" className={`${th} text-right`}>Paid</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Reason</th>
                  <th scope="col" className={th}>Updated (IST)</th>
                  <th scope="col" className={th}>Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {orders.map((o) => (
                  <tr key={o.order_id} id={`order-${o.order_id}`} data-testid="flagged-order" className="align-top">
                    <td className={td}>
                      <span className="font-mono text-xs">{o.order_id}</span>
                      <span className="block text-xs text-slate-600">{describeOrder(o)}</span>
                    </td>
                    <td className={`${td} font-mono text-xs`}>
                      <Link className="text-brand-700 underline" href={`/operator/accounts/${encodeURIComponent(o.account_id)}`}>
                        {o.account_id}
                      </Link>
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatInr(o.amount_paise)}</td>
                    <td className={`${td} text-right tabular-nums`}>{o.paid_amount_paise !== null ? formatInr(o.paid_amount_paise) : "—"}</td>
                    <td className={td}>
                      <PaymentStatusBadge status={o.status} />
                    </td>
                    <td className="min-w-64 px-4 py-3 text-slate-800">{o.review_reason ?? "—"}</td>
                    <td className={`${td} text-slate-700`}>{formatIstDateTime(o.updated_at)}</td>
                    <td className="px-4 py-3">
                      {o.flagged_for_review ? <FlaggedOrderActions orderId={o.order_id} canSettle={o.status !== "paid" && o.cashfree_env !== "offline"} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
