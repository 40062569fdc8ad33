import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PayoutDecision } from "@/components/payouts/payout-decision";
import { PayoutTable } from "@/components/payouts/payout-table";
import { EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { formatInr } from "@/lib/money/format-inr";
import { listAdminPayouts } from "@/lib/payouts/admin-payout-views";

export const metadata: Metadata = { title: "Payouts · Operator" };

export default async function OperatorPayoutsPage() {
  const member = await requirePageMember();
  if (!member.can("operator:payouts")) notFound();
  const db = await getDb();
  const [requested, recent] = await Promise.all([listAdminPayouts(db, { status: "requested", limit: 100, offset: 0 }), listAdminPayouts(db, { limit: 50, offset: 0 })]);
  const limit = formatInr(BigInt(getEnv().PAYOUT_SECOND_APPROVAL_ABOVE_PAISE));
  return (
    <>
      <PageHeader
        title="Payouts"
        description={`Withdrawals of unused credits to customers' bank accounts. The credits are held from the request; approving sends the transfer through Cashfree Payouts, rejecting gives the credits back. Above ${limit} two different operators must approve.`}
      />
      <h2 className="mb-3 text-base font-semibold text-slate-900">Awaiting a decision</h2>
      {requested.length === 0 ? (
        <EmptyState title="No payouts to decide">Requests from account owners, admins and API keys appear here.</EmptyState>
      ) : (
        <div className="relative mb-8 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Requested payouts" tabIndex={0}>
          <PayoutTable payouts={requested} operator actions={(p) => <PayoutDecision payoutId={p.payout_id} />} />
        </div>
      )}
      <h2 className="mb-3 text-base font-semibold text-slate-900">Recent payouts</h2>
      {recent.length === 0 ? (
        <EmptyState title="No payouts yet" />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Recent payouts" tabIndex={0}>
          <PayoutTable payouts={recent} operator />
        </div>
      )}
    </>
  );
}
