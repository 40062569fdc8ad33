import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdjustmentDecision } from "@/components/adjustments/adjustment-decision";
import { ProposeAdjustmentForm } from "@/components/adjustments/propose-adjustment-form";
import { td, th } from "@/components/billing/primitives";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";
import type { AdjustmentView } from "@/lib/adjustments/adjustment-view";
import { listAdjustments } from "@/lib/adjustments/list-adjustments";
import { requirePageMember } from "@/lib/auth/page-session";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { formatCredits } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Adjustments · Operator" };

const TONE = { proposed: "amber", applied: "green", rejected: "red" } as const;

function AdjustmentsTable({ label, rows, decide }: { label: string; rows: AdjustmentView[]; decide: boolean }) {
  return (
    <div className="relative mb-6 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label={label} tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>Adjustment</th>
            <th scope="col" className={th}>Account</th>
            <th scope="col" className={`${th} text-right`}>Credits</th>
            <th scope="col" className={th}>Reason / reference</th>
            <th scope="col" className={th}>Proposed (IST)</th>
            <th scope="col" className={th}>Status</th>
            {decide ? <th scope="col" className={th}>Decision</th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((a) => (
            <tr key={a.id} data-testid="adjustment" data-adjustment-id={a.id}>
              <td className={`${td} font-mono text-xs`}>{a.id}</td>
              <td className={`${td} font-mono text-xs`}>{a.account_id}</td>
              <td className={`${td} text-right tabular-nums`}>{`${a.direction === "debit" ? "−" : "+"}${formatCredits(BigInt(a.credits))}`}</td>
              <td className={`${td} max-w-xs whitespace-normal`}>
                {a.reason}
                <span className="block text-xs text-slate-500">{a.reference ?? "no reference"}</span>
              </td>
              <td className={td}>
                {formatIstDateTime(new Date(a.proposed_at))}
                <span className="block font-mono text-xs text-slate-500">{a.proposed_by_user_id}</span>
              </td>
              <td className={td}>
                <Badge tone={TONE[a.status]}>{a.status}</Badge>
                {a.decided_by_user_id ? <span className="block font-mono text-xs text-slate-500">{a.decided_by_user_id}</span> : null}
                {a.rejection_reason ? <span className="block text-xs text-slate-600">{a.rejection_reason}</span> : null}
              </td>
              {decide ? (
                <td className={td}>
                  <AdjustmentDecision adjustmentId={a.id} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function OperatorAdjustmentsPage() {
  const member = await requirePageMember();
  if (!member.can("operator:adjustments")) notFound();
  const db = await getDb();
  const [pending, recent] = await Promise.all([listAdjustments(db, { status: "proposed", limit: 100 }), listAdjustments(db, { limit: 50 })]);
  const limit = getEnv().ADJUSTMENT_SECOND_APPROVAL_ABOVE_PAISE;
  const rule =
    limit === null
      ? "Every adjustment needs a second operator's approval."
      : `Adjustments above ₹${(Number(limit) / 100).toLocaleString("en-IN")} need a second operator; at or below it the proposer may apply their own.`;
  return (
    <>
      <PageHeader title="Credit adjustments" description={`Grant or debit credits with a reason and a reference. ${rule} Approval writes one ledger entry; a debit never takes the balance below zero.`} />
      <Card title="Propose an adjustment" className="mb-6">
        <ProposeAdjustmentForm />
      </Card>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">Waiting for a second operator</h2>
      {pending.length === 0 ? <EmptyState title="No proposed adjustments" /> : <AdjustmentsTable label="Proposed adjustments" rows={pending} decide />}
      <h2 className="mb-3 mt-6 text-lg font-semibold text-slate-900">Recent adjustments</h2>
      {recent.length === 0 ? <EmptyState title="No adjustments yet" /> : <AdjustmentsTable label="Recent adjustments" rows={recent} decide={false} />}
    </>
  );
}
