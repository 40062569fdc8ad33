import Link from "next/link";
import { planName } from "@/components/billing/format";
import { td, th } from "@/components/billing/primitives";
import { PaymentStatusBadge, isRetryable } from "@/components/billing/status-badge";
import { RetryPaymentButton } from "@/components/billing/retry-payment-button";
import { RequestRefundButton } from "@/components/refunds/request-refund-button";
import type { CheckoutConfig } from "@/components/billing/checkout";
import { DisputeNotes } from "@/components/disputes/dispute-note";
import type { DisputeView } from "@/lib/disputes/dispute-view";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";
import type { OrderView } from "@/lib/orders/order-view";

export function describeOrder(p: Pick<OrderView, "type" | "plan" | "credits">): string {
  return p.type === "plan_upgrade" ? `${planName(p.plan)} plan · 1 month` : `${formatCredits(BigInt(p.credits))} credits`;
}

/** The payments table: used on /payments (with actions) and on the overview (recent, compact). */
export function PaymentsTable({
  payments,
  checkout,
  canPay,
  compact = false,
  disputes = [],
  refundable,
}: {
  payments: OrderView[];
  /** The account's disputes: each shows on its order's row with what it means for the balance. */
  disputes?: DisputeView[];
  checkout?: CheckoutConfig;
  canPay: boolean;
  compact?: boolean;
  /** Refundable credits of paid top-ups, by order id, when the viewer may ask for refunds (owners/admins). */
  refundable?: Map<string, bigint>;
}) {
  return (
    <table className="stack-on-mobile min-w-full divide-y divide-slate-200 text-sm">
      <thead className={compact ? "" : "bg-slate-50"}>
        <tr>
          <th scope="col" className={th}>
            Date (IST)
          </th>
          <th scope="col" className={th}>
            Purchase
          </th>
          <th scope="col" className={`${th} text-right`}>
            Amount
          </th>
          <th scope="col" className={th}>
            Status
          </th>
          <th scope="col" className={th}>
            Invoice
          </th>
          {!compact ? (
            <th scope="col" className={`${th} text-right`}>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {payments.map((p) => (
          <tr key={p.order_id} data-testid="payment-row" data-order-id={p.order_id} className="hover:bg-slate-50/60">
            <td className={`${td} text-slate-700`} data-label="Date (IST)">{formatIstDateTime(p.paid_at ?? p.created_at)}</td>
            <td className={td} data-label="Purchase">
              <span>
                <span className="font-medium">{describeOrder(p)}</span>
                {!compact ? <span className="block text-xs text-slate-500">{p.order_id}</span> : null}
                {!compact && p.pay_in ? (
                  <span className="block text-xs text-slate-500" data-testid="payment-link-payer">
                    Payment link · paid by {p.pay_in.payer.name ?? "—"}
                    {p.pay_in.reference ? ` · ref ${p.pay_in.reference}` : ""}
                  </span>
                ) : null}
                {!compact && p.payment_method?.description ? (
                  <span className="block text-xs text-slate-500" data-testid="payment-method">
                    Paid by {p.payment_method.description}
                  </span>
                ) : null}
              </span>
            </td>
            <td className={`${td} text-right tabular-nums`} data-testid="payment-amount" data-label="Amount">
              {formatInr(p.amount_paise)}
            </td>
            <td className={td} data-label="Status">
              <span>
                <PaymentStatusBadge status={p.status} />
                {p.flagged_for_review ? <span className="ml-2 text-xs text-amber-800">Under review</span> : null}
                <DisputeNotes disputes={disputes.filter((d) => d.order_id === p.order_id)} />
              </span>
            </td>
            <td className={td} data-label="Invoice">
              {p.invoice_number ? (
                <Link href={`/invoices/${p.invoice_number}`} className="font-medium text-brand-700 hover:underline">
                  {p.invoice_number}
                </Link>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </td>
            {!compact ? (
              <td className={`${td} text-right`}>
                {p.pay_in && p.pay_in.link_url && (p.status === "pending" || isRetryable(p.status)) ? (
                  <a href={p.pay_in.link_url} target="_blank" rel="noreferrer" className="font-medium text-brand-700 hover:underline">
                    Open payment link
                  </a>
                ) : canPay && checkout && isRetryable(p.status) && !p.replaced_by_order_id ? (
                  <RetryPaymentButton orderId={p.order_id} checkout={checkout} label={describeOrder(p)} />
                ) : p.status === "pending" ? (
                  <Link href={`/billing/return?order_id=${encodeURIComponent(p.order_id)}`} className="font-medium text-brand-700 hover:underline">
                    Check status
                  </Link>
                ) : p.replaced_by_order_id ? (
                  <span className="text-xs text-slate-500">Replaced by a new attempt</span>
                ) : refundable?.has(p.order_id) ? (
                  <RequestRefundButton orderId={p.order_id} refundableCredits={String(refundable.get(p.order_id))} />
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
