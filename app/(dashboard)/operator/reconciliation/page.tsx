import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { td, th } from "@/components/billing/primitives";
import { StartRunForm } from "@/components/reconciliation/start-run-form";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { formatIstDateTime, istDateString } from "@/lib/money/ist";
import { listMismatches } from "@/lib/reconciliation/list-mismatches";
import { listRuns } from "@/lib/reconciliation/list-runs";
import { previousIstDay } from "@/lib/reconciliation/reconciliation-period";
import type { MismatchView, RunView } from "@/lib/reconciliation/reconciliation-view";

export const metadata: Metadata = { title: "Reconciliation · Operator" };

const KIND_LABEL: Record<MismatchView["kind"], string> = {
  not_settled: "Paid here, not settled",
  unknown_settlement: "Settled, unknown here",
  amount_mismatch: "Amounts differ",
  refund_missing_at_cashfree: "Refund missing at Cashfree",
  refund_missing_here: "Refund missing here",
};

const STATUS_TONE: Record<RunView["status"], "neutral" | "green" | "red" | "amber"> = { queued: "neutral", running: "amber", succeeded: "green", failed: "red" };

function rupees(paise: string | null): string {
  if (paise === null) return "—";
  const value = BigInt(paise);
  return `₹${value / 100n}.${(value % 100n).toString().padStart(2, "0")}`;
}

export default async function OperatorReconciliationPage({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const member = await requirePageMember();
  if (!member.can("operator:reconciliation")) notFound();
  const db = await getDb();
  const runs = await listRuns(db, { limit: 30 });
  const { run: wanted } = await searchParams;
  const selectedId = runs.find((r) => r.id === wanted)?.id ?? runs[0]?.id;
  const selected = selectedId ? await listMismatches(db, selectedId) : null;

  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Khata's paid orders and completed refunds against Cashfree's settlements (UTR, settled amount, Cashfree's fee and the GST on it). A daily job checks each day once its settlements are all in (4 days later); use the button for recent days — a payment not settled yet is reported only after that delay."
      />
      <Card title="Reconcile a period" className="mb-6">
        <StartRunForm defaultDay={istDateString(previousIstDay(new Date()).from)} />
      </Card>
      {runs.length === 0 ? (
        <EmptyState title="No reconciliation runs yet">The daily job runs at 03:00 IST; or start one above.</EmptyState>
      ) : (
        <div className="relative mb-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Reconciliation runs" tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>Period (IST)</th>
                <th scope="col" className={th}>By</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={`${th} text-right`}>Orders</th>
                <th scope="col" className={`${th} text-right`}>Refunds</th>
                <th scope="col" className={`${th} text-right`}>Cashfree lines</th>
                <th scope="col" className={`${th} text-right`}>Mismatches</th>
                <th scope="col" className={th}>Finished (IST)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((run) => (
                <tr key={run.id} data-testid="reconciliation-run" className={run.id === selectedId ? "bg-brand-50" : undefined}>
                  <td className={td}>
                    <Link className="text-brand-700 underline" href={`/operator/reconciliation?run=${encodeURIComponent(run.id)}`}>
                      {formatIstDateTime(new Date(run.period_start))} – {formatIstDateTime(new Date(run.period_end))}
                    </Link>
                  </td>
                  <td className={td}>{run.triggered_by === "cron" ? "Daily job" : "Operator"}</td>
                  <td className={td}>
                    <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{run.orders_checked}</td>
                  <td className={`${td} text-right tabular-nums`}>{run.refunds_checked}</td>
                  <td className={`${td} text-right tabular-nums`}>{run.settlement_events_read}</td>
                  <td className={`${td} text-right tabular-nums`}>{run.mismatch_count}</td>
                  <td className={td}>{run.finished_at ? formatIstDateTime(new Date(run.finished_at)) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected ? <MismatchList run={selected.run} mismatches={selected.mismatches} /> : null}
    </>
  );
}

function MismatchList({ run, mismatches }: { run: RunView; mismatches: MismatchView[] }) {
  const csv = `/api/v1/admin/reconciliation/runs/${encodeURIComponent(run.id)}/mismatches.csv`;
  return (
    <Card
      title={`Mismatches of run ${run.id}`}
      actions={
        <a className="text-sm font-medium text-brand-700 underline" href={csv} download>
          Download CSV
        </a>
      }
    >
      {run.error ? <p className="mb-3 text-sm text-red-700">The run failed: {run.error}</p> : null}
      {mismatches.length === 0 ? (
        <p className="text-sm text-slate-600">{run.status === "succeeded" ? "None: every payment and refund matched Cashfree's settlements." : `The run is ${run.status}.`}</p>
      ) : (
        <div className="overflow-x-auto" role="region" aria-label="Mismatches" tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={th}>Order</th>
                <th scope="col" className={th}>Payment / refund</th>
                <th scope="col" className={th}>UTR</th>
                <th scope="col" className={`${th} text-right`}>Khata</th>
                <th scope="col" className={`${th} text-right`}>Cashfree</th>
                <th scope="col" className={th}>Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {mismatches.map((m) => (
                <tr key={m.id} data-testid="reconciliation-mismatch" className="align-top">
                  <td className={td}>{KIND_LABEL[m.kind]}</td>
                  <td className={`${td} font-mono text-xs`}>{m.order_id ?? "—"}</td>
                  <td className={`${td} font-mono text-xs`}>{m.refund_id ?? m.cf_payment_id ?? "—"}</td>
                  <td className={`${td} font-mono text-xs`}>{m.settlement_utr ?? "—"}</td>
                  <td className={`${td} text-right tabular-nums`}>{rupees(m.expected_paise)}</td>
                  <td className={`${td} text-right tabular-nums`}>{rupees(m.actual_paise)}</td>
                  <td className="min-w-64 px-4 py-3 break-words text-slate-800">{m.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
