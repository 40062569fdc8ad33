import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { SuspensionActions } from "@/components/admin-accounts/suspension-actions";
import { Stat, td, th } from "@/components/billing/primitives";
import { Badge, Card, PageHeader } from "@/components/ui";
import { toAccountOverviewView } from "@/lib/admin-accounts/account-overview-view";
import { getAccountOverview } from "@/lib/admin-accounts/get-account-overview";
import { adminAccountParamsSchema } from "@/lib/admin-accounts/schemas";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDateTime } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Account · Operator" };

type Cell = ReactNode;

function Section({ title, id, headers, rows, more }: { title: string; id: string; headers: string[]; rows: { key: string; anchor?: string; cells: Cell[] }[]; more?: { hasMore: boolean; href: string | null } }) {
  return (
    <section aria-labelledby={`${id}-title`} className="mb-6" data-testid={`section-${id}`}>
      <h2 id={`${id}-title`} className="mb-2 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label={title} tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col" className={th}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.key} id={r.anchor}>
                  {r.cells.map((c, i) => (
                    <td key={i} className={td}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more?.hasMore ? (
        <p className="mt-2 text-sm text-slate-600">
          Showing the latest {rows.length}.{" "}
          {more.href ? (
            <Link className="text-brand-700 underline" href={more.href}>
              More
            </Link>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

const mono = (s: string | null | undefined) => <span className="font-mono text-xs">{s ?? "—"}</span>;
const when = (d: Date | string | null | undefined) => (d ? formatIstDateTime(new Date(d)) : "—");
const link = (href: string | null, text: ReactNode) => (href ? <Link className="text-brand-700 underline" href={href}>{text}</Link> : text);

export default async function OperatorAccountPage({ params }: { params: Promise<{ account_id: string }> }) {
  const member = await requirePageMember();
  if (!member.can("operator:accounts")) notFound();
  const parsed = adminAccountParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const overview = await getAccountOverview(await getDb(), parsed.data.account_id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const v = toAccountOverviewView(overview);
  const b = overview.balance;
  return (
    <>
      <PageHeader title={v.name} description={`Account ${v.account_id} · created ${when(v.created_at)}`} />
      {v.suspension.suspended ? (
        <p role="status" className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          Suspended since {when(v.suspension.since ?? null)}: {v.suspension.reason}
        </p>
      ) : null}
      <div className="mb-6 grid gap-4 sm:grid-cols-4">
        <Stat label="Spendable credits" value={formatCredits(b.balanceCredits)} testId="spendable-credits" />
        <Stat
          label="Held credits"
          value={formatCredits(overview.held.refundsCredits + overview.held.disputesCredits + overview.held.payoutsCredits)}
          hint={`${formatCredits(overview.held.refundsCredits)} for refunds, ${formatCredits(overview.held.disputesCredits)} for disputes, ${formatCredits(overview.held.payoutsCredits)} for payouts`}
          testId="held-credits"
        />
        <Stat label="Plan" value={b.plan} hint={b.planExpiresAt ? `until ${when(b.planExpiresAt)}` : undefined} />
        <Stat
          label="Monthly cap"
          value={b.monthlyLimitCredits === null ? "None" : formatCredits(b.monthlyLimitCredits)}
          hint={`${formatCredits(b.usedThisMonthCredits)} used in ${b.month}`}
        />
      </div>
      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Billing profile">
          {v.billing_profile ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-600">Legal name</dt>
              <dd>{v.billing_profile.legal_name}</dd>
              <dt className="text-slate-600">GSTIN</dt>
              <dd>{mono(v.billing_profile.gstin)}</dd>
              <dt className="text-slate-600">Email</dt>
              <dd>{v.billing_profile.email}</dd>
              <dt className="text-slate-600">State</dt>
              <dd>{v.billing_profile.state_name ?? v.billing_profile.state_code}</dd>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No billing profile.</p>
          )}
        </Card>
        <Card title="Suspension">
          <p className="text-sm text-slate-700">
            {v.suspension.suspended ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}{" "}
            {v.suspension.suspended ? `by ${v.suspension.by_user_id ?? "the automatic rule"}` : v.suspension.last_lifted_at ? `last lifted ${when(v.suspension.last_lifted_at)}` : "never suspended"}
          </p>
          <SuspensionActions accountId={v.account_id} suspended={v.suspension.suspended} />
        </Card>
      </div>
      <Section
        title="Members"
        id="members"
        headers={["Email", "Name", "Role"]}
        rows={v.members.map((m) => ({ key: m.user_id, cells: [m.email, m.name, m.role] }))}
      />
      <Section
        title="Recent ledger"
        id="ledger"
        headers={["When (IST)", "Kind", "Credits", "Balance after", "Cause"]}
        more={{ hasMore: v.ledger.has_more, href: null }}
        rows={overview.ledger.items.map((l) => ({
          key: String(l.id),
          cells: [when(l.createdAt), l.kind, formatCredits(l.amountCredits), formatCredits(l.balanceAfterCredits), mono(l.causeKey)],
        }))}
      />
      <Section
        title="Orders"
        id="orders"
        headers={["Order", "Amount", "Status", "Invoice", "Created (IST)"]}
        more={{ hasMore: v.orders.has_more, href: v.orders.more_href }}
        rows={overview.orders.items.map(({ order, invoiceNumber }, i) => ({
          key: order.id,
          anchor: `order-${order.id}`,
          cells: [
            link(v.orders.items[i]!.href, mono(order.id)),
            formatInr(order.amountPaise),
            <>
              {v.orders.items[i]!.status} {order.flaggedForReview ? <Badge tone="amber">Flagged</Badge> : null}
            </>,
            mono(invoiceNumber),
            when(order.createdAt),
          ],
        }))}
      />
      <Section
        title="Invoices"
        id="invoices"
        headers={["Number", "Order", "Total", "Issued (IST)"]}
        more={{ hasMore: v.invoices.has_more, href: null }}
        rows={overview.invoices.items.map((i) => ({ key: i.id, cells: [mono(i.invoiceNumber), link(`#order-${i.orderId}`, mono(i.orderId)), formatInr(i.totalPaise), when(i.issuedAt)] }))}
      />
      <Section
        title="Credit notes"
        id="credit-notes"
        headers={["Number", "Invoice", "Total", "Reason", "Issued (IST)"]}
        more={{ hasMore: v.credit_notes.has_more, href: null }}
        rows={overview.creditNotes.items.map((n) => ({ key: n.id, cells: [mono(n.creditNoteNumber), mono(n.invoiceNumber), formatInr(n.totalPaise), n.reason, when(n.issuedAt)] }))}
      />
      <Section
        title="Refunds"
        id="refunds"
        headers={["Refund", "Order", "Credits", "Status", "Requested (IST)"]}
        more={{ hasMore: v.refunds.has_more, href: v.refunds.more_href }}
        rows={overview.refunds.items.map((r) => ({ key: r.id, cells: [link(`/operator/refunds#refund-${r.id}`, mono(r.id)), mono(r.orderId), formatCredits(r.credits), r.status, when(r.createdAt)] }))}
      />
      <Section
        title="Disputes"
        id="disputes"
        headers={["Dispute", "Order", "Held credits", "Status", "Opened (IST)"]}
        more={{ hasMore: v.disputes.has_more, href: v.disputes.more_href }}
        rows={overview.disputes.items.map((d) => ({
          key: d.id,
          cells: [link(`/operator/disputes#dispute-${d.id}`, mono(d.cfDisputeId)), mono(d.orderId), formatCredits(d.heldCredits), `${d.cfStatus} (${d.resolution})`, when(d.createdAt)],
        }))}
      />
      <Section
        title="Payouts"
        id="payouts"
        headers={["Payout", "Credits", "Amount", "Status", "Requested (IST)"]}
        more={{ hasMore: v.payouts.has_more, href: v.payouts.more_href }}
        rows={overview.payouts.items.map((p) => ({
          key: p.id,
          cells: [link(`/operator/payouts#payout-${p.id}`, mono(p.id)), formatCredits(p.credits), formatInr(p.amountPaise), p.status, when(p.createdAt)],
        }))}
      />
      <Section
        title="Offline payments"
        id="offline-payments"
        headers={["Receipt", "Amount", "Mode", "Status", "Recorded (IST)"]}
        more={{ hasMore: v.offline_payments.has_more, href: v.offline_payments.more_href }}
        rows={overview.offlinePayments.items.map((p) => ({ key: p.id, cells: [link(`/operator/offline-payments?customerid=${encodeURIComponent(v.account_id)}`, mono(p.receiptNumber)), formatInr(p.amountPaise), p.mode, p.status, when(p.recordedAt)] }))}
      />
      <Section
        title="API keys"
        id="api-keys"
        headers={["Name", "Prefix", "Status", "Last used (IST)"]}
        rows={v.api_keys.items.map((k) => ({ key: k.id, cells: [k.name, mono(`${k.prefix}…`), k.status, when(k.last_used_at)] }))}
      />
      <Section
        title="Webhook endpoints"
        id="webhook-endpoints"
        headers={["URL", "Events", "State"]}
        rows={v.webhook_endpoints.items.map((e) => ({ key: e.id, cells: [mono(e.url), e.events.join(", "), e.disabled_at ? "disabled" : "active"] }))}
      />
    </>
  );
}
