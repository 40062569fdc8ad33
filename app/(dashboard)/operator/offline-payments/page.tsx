import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { td, th } from "@/components/billing/primitives";
import { CancelActions } from "@/components/offline-payments/cancel-actions";
import { RecordPaymentForm } from "@/components/offline-payments/record-payment-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { PLANS } from "@/lib/config/plans";
import { getDb } from "@/lib/db";
import { formatIstDateTime, istDateString } from "@/lib/money/ist";
import { listOfflinePayments } from "@/lib/offline-payments/list-offline-payments";
import type { OfflinePaymentView } from "@/lib/offline-payments/offline-payment-view";
import { listOfflinePaymentsQuerySchema } from "@/lib/offline-payments/schemas";

export const metadata: Metadata = { title: "Offline payments · Operator" };

const STATUS_TONE = { Paid: "green", CancelRequest: "amber", Cancelled: "red" } as const;

function PaymentsTable({ label, payments }: { label: string; payments: OfflinePaymentView[] }) {
  return (
    <div className="relative mb-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label={label} tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Receipt</th>
            <th scope="col" className={th}>Account</th>
            <th scope="col" className={`${th} text-right`}>Amount</th>
            <th scope="col" className={th}>Mode</th>
            <th scope="col" className={th}>Paid on</th>
            <th scope="col" className={th}>Reference</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>Recorded (IST)</th>
            <th scope="col" className={th}>Action</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {payments.map((p) => (
            <tr key={p.id} data-testid="offline-payment">
              <td className={`${td} font-mono`}>{p.receipt_number}</td>
              <td className={`${td} font-mono text-xs`}>{p.account_id}</td>
              <td className={`${td} text-right tabular-nums`}>₹{p.amt.toFixed(2)}</td>
              <td className={td}>{p.mode}</td>
              <td className={td}>{p.payment_date}</td>
              <td className={`${td} max-w-xs truncate`}>{p.ref ?? "—"}</td>
              <td className={td}>
                <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
                {p.cancel_reason && p.status !== "Paid" ? <div className="mt-1 text-xs text-slate-600">{p.cancel_reason}</div> : null}
              </td>
              <td className={td}>{formatIstDateTime(new Date(p.recorded_at))}</td>
              <td className={td}>
                <CancelActions paymentId={p.id} status={p.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function OperatorOfflinePaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requirePageMember();
  if (!member.can("operator:offline_payments")) notFound();
  const db = await getDb();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = listOfflinePaymentsQuerySchema.safeParse({ sort_field: "payment_date", sort_order: "desc", rows_limit: "50", ...raw, show_count: "0" });
  const query = parsed.success ? parsed.data : listOfflinePaymentsQuerySchema.parse({ sort_field: "payment_date", sort_order: "desc", rows_limit: "50" });
  const [listed, pending] = await Promise.all([
    listOfflinePayments(db, query),
    listOfflinePayments(db, listOfflinePaymentsQuerySchema.parse({ status: "CancelRequest", rows_limit: "100" })),
  ]);
  const rows = (r: typeof listed) => (r.kind === "rows" ? r.payments : []);

  return (
    <>
      <PageHeader
        title="Offline payments"
        description="Payments received outside Cashfree (NEFT/RTGS, cheque, DD, cash, card). Recording grants the credits or the plan and issues the GST invoice at once; the receipt is numbered gap-free. A cancellation needs a second operator's approval, reverses the credits and issues a credit note."
      />
      <Card title="Record a payment" className="mb-6">
        <RecordPaymentForm today={istDateString(new Date())} plans={Object.values(PLANS).map((p) => ({ id: p.id, label: `${p.name} plan (₹${Number(p.monthlyPricePaise) / 100})` }))} />
      </Card>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">Cancel requests waiting for a second operator</h2>
      {rows(pending).length === 0 ? <EmptyState title="No pending cancel requests" /> : <PaymentsTable label="Pending cancel requests" payments={rows(pending)} />}
      <h2 className="mb-3 mt-6 text-lg font-semibold text-slate-900">Payments</h2>
      {!parsed.success ? <p className="mb-3 text-sm text-red-700">{parsed.error.issues[0]?.path.join(".")}: {parsed.error.issues[0]?.message} (showing the latest instead)</p> : null}
      {rows(listed).length === 0 ? <EmptyState title="No offline payments match" /> : <PaymentsTable label="Offline payments" payments={rows(listed)} />}
    </>
  );
}
