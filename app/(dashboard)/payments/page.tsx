import type { Metadata } from "next";
import Link from "next/link";
import { checkoutConfig } from "@/components/billing/checkout-config";
import { PaymentFilters, type PaymentFilterValues } from "@/components/billing/payment-filters";
import { PaymentLinkForm } from "@/components/billing/payment-link-form";
import { PaymentsTable } from "@/components/billing/payment-rows";
import { Notice } from "@/components/billing/primitives";
import { Card, EmptyState, PageHeader } from "@/components/ui";
import { memberHistoryScope } from "@/lib/auth/history-scope";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { listAccountDisputes } from "@/lib/disputes/list-disputes";
import { historyQuerySchema, parseAmountFilter } from "@/lib/orders/history-query";
import { listHistory } from "@/lib/orders/list-history";
import { RefundTable } from "@/components/refunds/refund-table";
import { listRefundable } from "@/lib/refunds/list-refundable";
import { listRefunds } from "@/lib/refunds/list-refunds";
import { toRefundView } from "@/lib/refunds/refund-view";
import { AccountOfflinePayments } from "@/components/offline-payments/account-offline-payments";
import { listAccountOfflinePayments } from "@/lib/offline-payments/list-account-offline-payments";

export const metadata: Metadata = { title: "Payments" };

const PAGE_SIZE = 20;
const KEYS = ["status", "type", "amount", "paid_from", "paid_upto", "sort", "order", "number"] as const;

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const member = await requireAccountMember();
  const params = await searchParams;
  const page = Math.max(1, Number.parseInt(one(params.page), 10) || 1);
  const raw: Record<string, string> = {};
  for (const key of KEYS) if (one(params[key])) raw[key] = one(params[key]);

  const parsed = historyQuerySchema.safeParse({ ...raw, limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  const db = await getDb();
  const accountId = member.account.accountId;
  const [result, offline, disputes, refundRows] = await Promise.all([
    parsed.success ? listHistory(db, accountId, parsed.data, new Date(), memberHistoryScope(member.role, member.user.id)) : null,
    listAccountOfflinePayments(db, accountId),
    listAccountDisputes(db, accountId),
    listRefunds(db, accountId, { limit: 20, offset: 0 }),
  ]);
  const list = result && "payments" in result ? result : null;
  const paidTopUps = list ? list.payments.filter((p) => p.type === "credit_topup" && p.status === "paid").map((p) => ({ orderId: p.order_id, credits: BigInt(p.credits) })) : [];
  const refundable = member.can("refunds:request") ? await listRefundable(db, accountId, paidTopUps) : undefined;
  const refunds = refundRows.map(toRefundView);
  const filtered = Object.keys(raw).some((k) => k !== "sort" && k !== "order");

  const amount = raw.amount ? parseAmountFilter(raw.amount) : null;
  const amountText = raw.amount ? raw.amount.replace(/^(<=|>=|≤|≥|<|>|=)/, "") : "";
  const initial: PaymentFilterValues = {
    status: raw.status ?? "",
    type: raw.type ?? "",
    amountOp: amount?.op ?? ">=",
    amountValue: amountText,
    paid_from: raw.paid_from ?? "",
    paid_upto: raw.paid_upto ?? "",
    sort: `${raw.sort ?? "created_at"}:${raw.order ?? "desc"}`,
    number: raw.number ?? "",
  };

  const pageHref = (n: number) => {
    const q = new URLSearchParams(raw);
    if (n > 1) q.set("page", String(n));
    const qs = q.toString();
    return qs ? `/payments?${qs}` : "/payments";
  };

  return (
    <>
      <PageHeader title="Payments" description="Every top-up and plan order, with its status and GST invoice. Times in IST." />
      {member.can("payments:create_link") ? (
        <Card title="Payment links" className="mb-6">
          <p className="mb-4 text-sm text-slate-600">
            Ask someone else to pay for a top-up (your finance team, a customer): they pay through Cashfree, the credits arrive in this account and the
            GST invoice is yours.
          </p>
          <PaymentLinkForm />
        </Card>
      ) : null}
      <PaymentFilters key={JSON.stringify(raw)} initial={initial} />
      {!parsed.success ? (
        <Notice tone="danger" className="mb-4" title="Some filters aren't valid">
          {parsed.error.issues.map((i) => `${String(i.path[0] ?? "filter")} ${i.message}`).join("; ")}.{" "}
          <Link href="/payments" className="font-medium underline">
            Clear filters
          </Link>
        </Notice>
      ) : null}
      {list && list.payments.length > 0 ? (
        <>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Payments" tabIndex={0}>
            <PaymentsTable payments={list.payments} disputes={disputes} canPay={member.can("payments:create")} checkout={checkoutConfig()} refundable={refundable} />
          </div>
          <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
            <p data-testid="payments-count">
              Showing {list.offset + 1}–{list.offset + list.payments.length} of {list.total}
            </p>
            <div className="flex gap-2">
              {page > 1 ? (
                <Link href={pageHref(page - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 hover:bg-slate-100">
                  Previous
                </Link>
              ) : null}
              {list.offset + list.payments.length < list.total ? (
                <Link href={pageHref(page + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 hover:bg-slate-100">
                  Next
                </Link>
              ) : null}
            </div>
          </nav>
        </>
      ) : parsed.success ? (
        <EmptyState title={filtered ? "No payments match these filters" : "No payments yet"}>
          {filtered ? (
            <Link href="/payments" className="font-medium text-brand-700 underline">
              Clear filters
            </Link>
          ) : (
            "Top-ups and plan upgrades will appear here."
          )}
        </EmptyState>
      ) : null}
      {refunds.length > 0 ? (
        <section className="mt-8" aria-labelledby="refunds-heading">
          <h2 id="refunds-heading" className="mb-1 text-base font-semibold text-slate-900">
            Refunds
          </h2>
          <p className="mb-3 text-sm text-slate-600">
            Unused credits of paid top-ups go back to the card or account that paid. While a refund runs its credits are held; if it fails they are returned.
          </p>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Refunds" tabIndex={0}>
            <RefundTable refunds={refunds} />
          </div>
        </section>
      ) : null}
      {offline.length > 0 ? (
        <section className="mt-8">
          <h2 className="mb-3 text-lg font-semibold text-slate-900">Bank transfers, cheques and other offline payments</h2>
          <AccountOfflinePayments payments={offline} />
        </section>
      ) : null}
    </>
  );
}
