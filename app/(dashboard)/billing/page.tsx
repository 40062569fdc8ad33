import type { Metadata } from "next";
import Link from "next/link";
import { monthLabel, planName } from "@/components/billing/format";
import { Meter, Stat } from "@/components/billing/primitives";
import { RecentPayments } from "@/components/billing/recent-payments";
import { UsageChart, type DailyUsagePoint } from "@/components/billing/usage-chart";
import { Card, PageHeader } from "@/components/ui";
import { memberHistoryScope } from "@/lib/auth/history-scope";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { isProfileComplete } from "@/lib/billing-profile/check-billing-profile";
import { PLANS } from "@/lib/config/plans";
import { getBalance } from "@/lib/credits/get-balance";
import { getDb } from "@/lib/db";
import { getState } from "@/lib/gst/states";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDate, istMonthRange } from "@/lib/money/ist";
import { historyQuerySchema } from "@/lib/orders/history-query";
import { listHistory } from "@/lib/orders/list-history";
import { activePlanOf } from "@/lib/orders/plan-period";
import { listDailyUsage } from "@/lib/usage/list-daily-usage";
import { PayoutsSection } from "@/components/payouts/payouts-section";
import { listPayouts } from "@/lib/payouts/list-payouts";
import { toPayoutView } from "@/lib/payouts/payout-view";
import { withdrawableCredits } from "@/lib/payouts/request-payout";

export const metadata: Metadata = { title: "Billing" };

const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The current IST month and the 11 before it, newest first: the usage month picker's choices. */
function recentMonths(current: string): string[] {
  const [y, m] = current.split("-").map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const total = y * 12 + (m - 1) - i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
  });
}

export default async function BillingOverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAccountMember();
  const db = await getDb();
  const accountId = member.account.accountId;
  const now = new Date();
  const scope = memberHistoryScope(member.role, member.user.id);
  const summary = await getBalance(db, accountId, now);
  const months = recentMonths(summary.month);
  const asked = (await searchParams).month;
  const chartMonth = typeof asked === "string" && months.includes(asked) ? asked : summary.month;
  const [usage, history, profile] = await Promise.all([
    listDailyUsage(db, accountId, chartMonth),
    listHistory(db, accountId, historyQuerySchema.parse({ limit: "5" }), now, scope),
    getBillingProfile(db, accountId),
  ]);
  const payments = "payments" in history ? history.payments : [];
  const payouts = member.can("payouts:read")
    ? { rows: (await listPayouts(db, accountId, { limit: 20, offset: 0 }, scope)).map(toPayoutView), withdrawable: await withdrawableCredits(db, accountId) }
    : null;
  const active = activePlanOf({ plan: summary.plan, planExpiresAt: summary.planExpiresAt }, now);
  const canPay = member.can("payments:create");

  // One bar per IST day of the month, zero-filled.
  const { startUtc, endUtc } = istMonthRange(chartMonth);
  const days = Math.round((endUtc.getTime() - startUtc.getTime()) / 86_400_000);
  const [, monthNumber] = chartMonth.split("-");
  const byDate = new Map<string, bigint>();
  for (const d of usage.days) byDate.set(d.date, (byDate.get(d.date) ?? 0n) + d.credits);
  const chart: DailyUsagePoint[] = Array.from({ length: days }, (_, i) => {
    const date = `${chartMonth}-${String(i + 1).padStart(2, "0")}`;
    return { day: i + 1, label: `${i + 1} ${MONTHS_SHORT[Number(monthNumber) - 1]}`, credits: Number(byDate.get(date) ?? 0n) };
  });

  const limit = summary.monthlyLimitCredits;
  const used = summary.usedThisMonthCredits;
  const plan = active.plan in PLANS ? PLANS[active.plan as keyof typeof PLANS] : null;

  return (
    <>
      <PageHeader
        title="Billing"
        description={member.account.accountName}
        actions={
          canPay ? (
            <Link href="/billing/top-up" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
              Top up credits
            </Link>
          ) : null
        }
      />


      <div className="grid gap-4 md:grid-cols-3">
        <Card>
          <Stat
            label="Credit balance"
            value={<span data-testid="balance-credits">{formatCredits(summary.balanceCredits)}</span>}
            hint={<>credits · worth {formatInr(summary.balanceCredits * 100n)}</>}
          />
        </Card>
        <Card>
          <Stat
            label="Plan"
            value={<span data-testid="plan-name">{planName(active.plan)}</span>}
            hint={
              active.expiresAt ? (
                <span data-testid="plan-end">
                  Ends {formatIstDate(active.expiresAt)}. No auto-renewal: it lapses to Free, your credits stay.
                </span>
              ) : plan ? (
                "No end date set."
              ) : (
                <>
                  Pay as you go.{" "}
                  <Link href="/billing/plans" className="font-medium text-brand-700 underline">
                    See plans
                  </Link>
                </>
              )
            }
          />
        </Card>
        <Card>
          <Stat
            label={`Used in ${monthLabel(summary.month)}`}
            value={<span data-testid="usage-this-month">{formatCredits(used)}</span>}
            hint={limit === null ? "credits · no monthly cap" : `of ${formatCredits(limit)} credit cap`}
          />
          {limit !== null ? (
            <div className="mt-3">
              <Meter value={used} max={limit} label="Monthly cap used" />
            </div>
          ) : null}
        </Card>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card
          title="Daily usage"
          actions={
            <Link href="/billing/budget" className="text-sm font-medium text-brand-700 hover:underline">
              {!member.can("budget:write") ? "View budget" : limit === null ? "Set a budget cap" : "Budget settings"}
            </Link>
          }
        >
          <form method="get" action="/billing" className="-mt-2 mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-600" aria-label="Usage month">
            <label htmlFor="usage-month">Credits consumed per day (IST) in</label>
            <select
              id="usage-month"
              name="month"
              defaultValue={chartMonth}
              className="min-h-10 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900"
            >
              {months.map((m) => (
                <option key={m} value={m}>
                  {monthLabel(m)}
                </option>
              ))}
            </select>
            <button type="submit" className="inline-flex min-h-10 items-center rounded-md px-3 font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-brand-50">
              Show
            </button>
          </form>
          <UsageChart data={chart} monthLabel={monthLabel(chartMonth)} />
        </Card>
        <Card title="Billing details">
          {profile ? (
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="sr-only">Legal name</dt>
                <dd className="font-medium text-slate-900">{profile.legalName}</dd>
              </div>
              <div>
                <dt className="sr-only">Address</dt>
                <dd className="text-slate-600">
                  {profile.city}, {getState(profile.stateCode)?.name ?? profile.stateCode} {profile.postalCode}
                </dd>
              </div>
              <div className="flex justify-between gap-2">
                <dt className="text-slate-600">GSTIN</dt>
                <dd className="font-mono text-slate-900">{profile.gstin ?? "Not registered"}</dd>
              </div>
              <div className="flex justify-between gap-2">
                <dt className="text-slate-600">Invoices to</dt>
                <dd className="truncate text-slate-900">{profile.email}</dd>
              </div>
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No billing profile yet. Add one before your first payment.</p>
          )}
          {!isProfileComplete(profile) ? <p className="mt-2 text-sm font-medium text-amber-800">Incomplete: needed for GST invoices.</p> : null}
          <Link href="/settings/billing-profile" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
            {member.can("billing_profile:write") ? "Edit billing profile" : "View billing profile"}
          </Link>
        </Card>
      </div>

      <Card
        className="mt-6"
        title="Recent payments"
        actions={
          <Link href="/payments" className="text-sm font-medium text-brand-700 hover:underline">
            All payments
          </Link>
        }
      >
        <RecentPayments payments={payments} />
      </Card>

      {payouts ? <PayoutsSection payouts={payouts.rows} withdrawable={payouts.withdrawable} canRequest={member.can("payouts:request")} /> : null}
    </>
  );
}
