import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";

export const metadata: Metadata = { title: "Operator" };

export default function OperatorPage() {
  return (
    <>
      <PageHeader title="Operator" description="Platform tools for Khata operators. Actions here affect every account." />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Accounts">
          <p className="text-sm text-slate-600">Find an account by name, email, GSTIN, order, invoice, credit note or receipt number; see its balance, holds, documents and keys.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/accounts">
            Find an account
          </Link>
        </Card>
        <Card title="Coupons">
          <p className="text-sm text-slate-600">Create promotional credit coupons, see redemptions, and withdraw codes.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/coupons">
            Manage coupons
          </Link>
        </Card>
        <Card title="Flagged orders">
          <p className="text-sm text-slate-600">Payments that didn&apos;t match their order (amount, currency, duplicates) and need a person to review.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/orders">
            Review orders
          </Link>
        </Card>
        <Card title="Disputes">
          <p className="text-sm text-slate-600">Chargebacks Cashfree reported, their respond-by dates and held credits: accept or contest with evidence.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/disputes">
            Answer disputes
          </Link>
        </Card>
        <Card title="Payouts">
          <p className="text-sm text-slate-600">Withdrawals of unused credits to bank accounts: approve (two people above the limit) or reject.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/payouts">
            Decide payouts
          </Link>
        </Card>
        <Card title="Jobs">
          <p className="text-sm text-slate-600">The job runner&apos;s queue by task, the settlement lag, and the jobs that used up their attempts, with their last error.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/jobs">
            See jobs
          </Link>
        </Card>
        <Card title="Reconciliation">
          <p className="text-sm text-slate-600">Paid orders and refunds matched against Cashfree&apos;s settlements, with every mismatch and a CSV.</p>
          <Link className="mt-3 inline-block text-sm font-medium text-brand-700 underline" href="/operator/reconciliation">
            See reconciliation
          </Link>
        </Card>
      </div>
    </>
  );
}
