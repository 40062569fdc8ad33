import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { td, th } from "@/components/billing/primitives";
import { CreditNoteDeadlineWarning } from "@/components/credit-notes/credit-note-deadline-warning";
import { DisputeActions } from "@/components/disputes/dispute-actions";
import { EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { listDisputesForOperator } from "@/lib/disputes/list-disputes";
import { adminDisputesQuerySchema } from "@/lib/disputes/schemas";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Disputes · Operator" };

export default async function OperatorDisputesPage({ searchParams }: { searchParams: Promise<{ all?: string }> }) {
  const member = await requirePageMember();
  if (!member.can("operator:disputes")) notFound();
  const all = (await searchParams).all === "1";
  const { disputes, total } = await listDisputesForOperator(await getDb(), adminDisputesQuerySchema.parse({ open: all ? "0" : "1", limit: "100" }));
  return (
    <>
      <PageHeader
        title={all ? "All disputes" : "Open disputes"}
        description="Chargebacks and other disputes Cashfree reported. Their credits are held until the bank decides: won → given back; lost or accepted → removed for good with a credit note."
      />
      <p className="mb-3 text-sm">
        <a className="font-medium text-brand-700 underline" href={all ? "/operator/disputes" : "/operator/disputes?all=1"}>
          {all ? "Show open disputes only" : "Show all disputes"}
        </a>
      </p>
      {disputes.length === 0 ? (
        <EmptyState title={all ? "No disputes" : "No open disputes"}>Disputes appear here when Cashfree sends DISPUTE_CREATED.</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">
            {total} dispute{total === 1 ? "" : "s"}
            {all ? ", newest first." : ", the soonest respond-by date first."}
          </p>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Disputes" tabIndex={0}>
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Dispute</th>
                  <th scope="col" className={th}>Order / account</th>
                  <th scope="col" className={`${th} text-right`}>Amount</th>
                  <th scope="col" className={`${th} text-right`}>Held</th>
                  <th scope="col" className={`${th} text-right`}>Not held</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Respond by (IST)</th>
                  <th scope="col" className={th}>Answer</th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {disputes.map((d) => (
                  <tr key={d.dispute_id} id={`dispute-${d.dispute_id}`} data-testid="dispute-row" className="align-top">
                    <td className={`${td} font-mono text-xs`}>
                      {d.cf_dispute_id}
                      <div className="text-slate-500">{d.dispute_type}</div>
                      {d.reason_description ? <div className="font-sans text-slate-600">{d.reason_description}</div> : null}
                    </td>
                    <td className={`${td} font-mono text-xs`}>
                      {d.order_id}
                      <div className="text-slate-500">{d.account_id}</div>
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatInr(d.amount_paise)}</td>
                    <td className={`${td} text-right tabular-nums`}>{formatCredits(d.held_credits)}</td>
                    <td className={`${td} text-right tabular-nums ${d.unheld_credits > 0n ? "font-semibold text-red-700" : ""}`}>{formatCredits(d.unheld_credits)}</td>
                    <td className={`${td} font-mono text-xs`}>
                      {d.status}
                      <div className="font-sans text-slate-600">{d.resolution}</div>
                    </td>
                    <td className={`${td} text-slate-700`}>
                      {d.respond_by ? formatIstDateTime(d.respond_by) : "—"}
                      <CreditNoteDeadlineWarning warning={d.credit_note_warning} />
                    </td>
                    <td className={`${td} text-slate-700`}>
                      {d.response ? `${d.response}${d.responded_at ? ` ${formatIstDateTime(d.responded_at)}` : ""}` : "—"}
                    </td>
                    <td className={`${td} text-right`}>{d.can_respond ? <DisputeActions disputeId={d.dispute_id} cfDisputeId={d.cf_dispute_id} /> : null}</td>
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
