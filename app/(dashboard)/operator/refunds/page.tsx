import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OperatorRefundForm } from "@/components/refunds/operator-refund-form";
import { RefundDecision } from "@/components/refunds/refund-decision";
import { RefundTable } from "@/components/refunds/refund-table";
import { Card, EmptyState, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { listAdminRefunds } from "@/lib/refunds/admin-refund-views";

export const metadata: Metadata = { title: "Refunds · Operator" };

export default async function OperatorRefundsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requirePageMember();
  if (!member.can("operator:refunds")) notFound();
  const db = await getDb();
  const now = new Date();
  // From a flagged order's "Refund…" action: the form starts with that order.
  const { order_id: fromOrder } = await searchParams;
  const initialOrderId = typeof fromOrder === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(fromOrder) ? fromOrder : "";
  const [requested, recent] = await Promise.all([
    listAdminRefunds(db, { status: "requested", limit: 100, offset: 0 }, now),
    listAdminRefunds(db, { limit: 50, offset: 0 }, now),
  ]);
  return (
    <>
      <PageHeader
        title="Refunds"
        description="Approving holds the credits at once and asks Cashfree for the refund; its webhook or the poll completes it (a credit note is issued) or gives the credits back."
      />
      <h2 className="mb-3 text-base font-semibold text-slate-900">Awaiting a decision</h2>
      {requested.length === 0 ? (
        <EmptyState title="No refunds to decide">Requests from account owners and admins appear here.</EmptyState>
      ) : (
        <div className="relative mb-8 overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Requested refunds" tabIndex={0}>
          <RefundTable refunds={requested} operator actions={(r) => <RefundDecision refundId={r.refund_id} />} />
        </div>
      )}
      <Card title="Refund on your own initiative" className="my-8">
        <OperatorRefundForm initialOrderId={initialOrderId} />
      </Card>
      <h2 className="mb-3 text-base font-semibold text-slate-900">Recent refunds</h2>
      {recent.length === 0 ? (
        <EmptyState title="No refunds yet" />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Recent refunds" tabIndex={0}>
          <RefundTable refunds={recent} operator />
        </div>
      )}
    </>
  );
}
