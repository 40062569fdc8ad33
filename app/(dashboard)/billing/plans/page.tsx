import clsx from "clsx";
import type { Metadata } from "next";
import { checkoutConfig } from "@/components/billing/checkout-config";
import { PlanOrderPay } from "@/components/billing/plan-order-pay";
import { AutoTopUpForm } from "@/components/billing/auto-top-up-form";
import { CancelRenewalButton } from "@/components/billing/cancel-renewal-button";
import { PlanChangeButton, ScheduledChangeButton } from "@/components/billing/plan-change-buttons";
import { RenewButton } from "@/components/billing/renew-button";
import { Notice } from "@/components/billing/primitives";
import { UpgradeButton } from "@/components/billing/upgrade-button";
import { Badge, Card, PageHeader } from "@/components/ui";
import { toAutoTopUpView } from "@/lib/auto-top-up/auto-top-up-view";
import { getAutoTopUp } from "@/lib/auto-top-up/get-auto-top-up";
import { requireAccountMember } from "@/lib/auth/page-session";
import { FREE_TIER, PLAN_IDS, PLANS } from "@/lib/config/plans";
import { getBalance } from "@/lib/credits/get-balance";
import { getDb } from "@/lib/db";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";
import { activePlanOf } from "@/lib/orders/plan-period";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { confirmMandate } from "@/lib/subscriptions/confirm-mandate";
import { getLiveSubscription } from "@/lib/subscriptions/get-live-subscription";
import { renewalSummary, upgradeQuote, type RenewalSummary } from "@/lib/subscriptions/renewal-summary";
import { mandateReturnSchema } from "@/lib/subscriptions/schemas";
import { mandateMaxPaise } from "@/lib/subscriptions/start-subscription";

export const metadata: Metadata = { title: "Plans" };

const grouping = new Intl.NumberFormat("en-IN");

export default async function PlansPage({ searchParams }: { searchParams: Promise<{ renewal?: string | string[] }> }) {
  const member = await requireAccountMember();
  const db = await getDb();
  // Back from Cashfree's mandate page: ask Cashfree rather than wait for its webhook (lib/subscriptions/confirm-mandate.ts).
  const returned = mandateReturnSchema.safeParse(await searchParams);
  const confirmed =
    returned.success && member.can("subscriptions:manage")
      ? await confirmMandate({ db, cashfree: getCashfreeClient() }, { accountId: member.account.accountId, subscriptionId: returned.data.renewal })
      : null;
  const summary = await getBalance(db, member.account.accountId);
  const renewal = await getLiveSubscription(db, member.account.accountId);
  const canRenew = member.can("subscriptions:manage");
  const active = activePlanOf({ plan: summary.plan, planExpiresAt: summary.planExpiresAt }, new Date());
  const canBuy = member.can("payments:create");
  const config = checkoutConfig();
  const autoTopUp = member.can("auto_top_up:manage") ? toAutoTopUpView(await getAutoTopUp(db, member.account.accountId, new Date())) : null;
  const activeName = active.plan in PLANS ? PLANS[active.plan as keyof typeof PLANS].name : FREE_TIER.name;
  const now = new Date();
  // A renewing account changes plan on its billing cycle (lib/subscriptions/change-plan.ts): upgrades prorated now,
  // downgrades at the period's end. Without renewal, plans are bought a month at a time as before.
  const renewing = renewal && renewal.status !== "pending_authorization" ? renewalSummary(renewal) : null;
  const changing = renewing && canRenew && active.rank > 0 && active.expiresAt && !renewing.scheduledPlan && !renewing.cancelAtPeriodEnd ? active.expiresAt : null;

  return (
    <>
      <PageHeader
        title="Plans"
        description="Each plan is one month of higher API limits plus included credits, paid once. Prices include 18% GST."
      />
      <Notice tone="info" className="mb-6">
        You&apos;re on <strong data-testid="current-plan-name">{activeName}</strong>
        {active.expiresAt ? <> until {formatIstDate(active.expiresAt)}</> : null}.{" "}
        {renewing
          ? "Your plan renews automatically on its mandate. Upgrading applies at once for the days left in this period (prorated, same end date); a lower plan or cancelling takes effect at the period's end."
          : "Plans don't renew automatically unless you set up renewal: at the end of the paid month the account returns to Free, and every credit you hold stays in your balance. Upgrading starts the new plan at once for a full month."}
      </Notice>
      {renewal?.status === "pending_authorization" && (confirmed === "pending" || confirmed === "provider_unavailable") ? (
        <Notice tone="info" className="mb-6" testId="mandate-pending">
          Cashfree has not confirmed your mandate yet (a bank can take a few minutes). Renewal starts once it does; reload this page to
          check.
        </Notice>
      ) : null}
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-4" aria-label="Plans">
        <PlanCard
          name={FREE_TIER.name}
          price="₹0"
          priceNote="no payment"
          features={["No included credits: top up as you go", `${grouping.format(FREE_TIER.rateLimitPerMinute)} API requests / min per key`, "GST invoices for every top-up"]}
          current={active.rank === 0}
        />
        {PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          const price = formatInr(plan.monthlyPricePaise).replace(/\.00$/, "");
          const current = active.plan === id;
          return (
            <PlanCard
              key={id}
              id={id}
              name={plan.name}
              price={price}
              priceNote="per month, GST incl."
              highlight={id === "pro"}
              features={[
                `${formatCredits(plan.includedCredits)} credits included (worth ${formatInr(plan.includedCredits * 100n).replace(/\.00$/, "")})`,
                `${grouping.format(plan.rateLimitPerMinute)} API requests / min per key`,
                "One month from payment; renews only on a mandate you set up",
              ]}
              current={current}
              action={
                plan.rank > active.rank && changing ? (
                  <UpgradeNow from={active.plan as keyof typeof PLANS} to={id} periodEnd={changing} now={now} checkout={config} />
                ) : plan.rank < active.rank && changing && renewing?.status === "active" ? (
                  <PlanChangeButton
                    plan={id}
                    planName={plan.name}
                    direction="downgrade"
                    note={`From ${formatIstDate(changing)}: ${formatInr(plan.monthlyPricePaise)} a month`}
                    checkout={config}
                  />
                ) : plan.rank > active.rank && renewing && !canRenew ? (
                  <p className="text-center text-sm text-slate-600">The owner changes the plan of a renewing account.</p>
                ) : plan.rank > active.rank ? (
                  canBuy ? (
                    <UpgradeButton plan={id} planName={plan.name} price={price} checkout={config} />
                  ) : (
                    <p className="text-center text-sm text-slate-600">An owner or admin can upgrade.</p>
                  )
                ) : current ? (
                  <>
                    <p className="text-center text-sm text-slate-600">{active.expiresAt ? `Active until ${formatIstDate(active.expiresAt)}` : "Your plan"}</p>
                    {renewal && renewing ? (
                      <>
                        <p className="mt-2 text-center text-sm text-slate-700" data-testid="renewal-status">
                          {renewing.nextCharge
                            ? `Renews automatically: ${formatInr(renewing.nextCharge.amountPaise)} on ${formatIstDate(renewing.nextCharge.at)} (mandate up to ${formatInr(renewal.maxAmountPaise)})`
                            : renewing.held === "cancel_at_period_end"
                              ? `Renewal ends with this period: no further charge`
                              : renewing.held === "mandate_below_price"
                                ? `Renewal held: the mandate (up to ${formatInr(renewal.maxAmountPaise)}) is below ${plan.name}'s price`
                                : renewal.status === "past_due"
                                  ? "The last renewal charge failed"
                                  : null}
                        </p>
                        {canRenew ? <CancelRenewalButton /> : null}
                      </>
                    ) : canRenew && active.expiresAt ? (
                      <RenewButton plan={id} planName={plan.name} maxAmount={formatInr(mandateMaxPaise(id))} checkout={config} />
                    ) : null}
                  </>
                ) : renewing?.scheduledPlan === id && renewing.periodEnd ? (
                  <p className="text-center text-sm text-slate-700">Scheduled from {formatIstDate(renewing.periodEnd)}</p>
                ) : (
                  <p className="text-center text-sm text-slate-600">Included in your plan</p>
                )
              }
            />
          );
        })}
      </ul>
      {renewal && renewing ? <RenewalPanel summary={renewing} canManage={canRenew} /> : null}
      {autoTopUp ? (
        <Card title="Auto top-up" className="mt-6">
          {autoTopUp.mandate.active || autoTopUp.enabled ? (
            <AutoTopUpForm state={autoTopUp} />
          ) : (
            <p className="text-sm text-slate-700" data-testid="auto-top-up-needs-mandate">
              Auto top-up charges your renewal mandate when the balance runs low. Set up automatic renewal above to use it.
            </p>
          )}
        </Card>
      ) : null}
      {canBuy && !renewing ? (
        <PlanOrderPay
          plans={PLAN_IDS.filter((id) => PLANS[id].rank > active.rank).map((id) => ({ id, name: PLANS[id].name, price: formatInr(PLANS[id].monthlyPricePaise).replace(/\.00$/, "") }))}
        />
      ) : null}
    </>
  );
}

/** An upgrade on the billing cycle: the price of the remaining days, as the server will charge it. */
function UpgradeNow({ from, to, periodEnd, now, checkout }: { from: keyof typeof PLANS; to: keyof typeof PLANS; periodEnd: Date; now: Date; checkout: ReturnType<typeof checkoutConfig> }) {
  const quote = upgradeQuote(from, to, periodEnd, now);
  if (!quote) return <p className="text-center text-sm text-slate-600">Upgrade after this period renews.</p>;
  return (
    <PlanChangeButton
      plan={to}
      planName={PLANS[to].name}
      direction="upgrade"
      note={`${formatInr(quote.amountPaise)} now for the ${quote.daysCharged} of ${quote.daysInPeriod} days left, +${formatCredits(quote.credits)} credits; then ${formatInr(PLANS[to].monthlyPricePaise)} a month`}
      checkout={checkout}
    />
  );
}

/** The renewal: next charge (IST, ₹), the mandate, the change scheduled for the period's end, and the owner's controls. */
function RenewalPanel({ summary, canManage }: { summary: RenewalSummary; canManage: boolean }) {
  const scheduled = summary.cancelAtPeriodEnd
    ? `Renewal ends on ${summary.periodEnd ? formatIstDate(summary.periodEnd) : "the period's end"}; the mandate is cancelled then.`
    : summary.scheduledPlan
      ? `Switching to ${PLANS[summary.scheduledPlan].name} on ${summary.periodEnd ? formatIstDate(summary.periodEnd) : "the period's end"}.`
      : null;
  return (
    <section className="mt-8 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-labelledby="renewal-heading" data-testid="renewal-panel">
      <h2 id="renewal-heading" className="text-base font-semibold text-slate-900">
        Automatic renewal
      </h2>
      <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Next charge</dt>
          <dd className="font-medium text-slate-900" data-testid="renewal-next-charge">
            {summary.nextCharge
              ? `${formatInr(summary.nextCharge.amountPaise)} (${PLANS[summary.nextCharge.plan].name}) on ${formatIstDate(summary.nextCharge.at)}`
              : summary.held === "mandate_below_price"
                ? "None: the plan now costs more than the mandate allows; cancel the mandate and set up renewal again"
                : "None"}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Mandate</dt>
          <dd className="text-slate-900" data-testid="renewal-mandate">
            {summary.status === "active" ? "Active" : summary.status === "past_due" ? "Active, last charge failed" : summary.status}, up to {formatInr(summary.mandate.maxAmountPaise)} a
            charge; {summary.mandate.methods}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Scheduled change</dt>
          <dd className="text-slate-900" data-testid="renewal-scheduled-change">
            {scheduled ?? "None"}
          </dd>
        </div>
      </dl>
      {canManage ? (
        <div className="mt-4 flex flex-wrap gap-2">
          {scheduled ? <ScheduledChangeButton action="undo" /> : <ScheduledChangeButton action="cancel_at_period_end" />}
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">Only the account owner can change the renewal.</p>
      )}
    </section>
  );
}

function PlanCard({
  id,
  name,
  price,
  priceNote,
  features,
  current,
  highlight,
  action,
}: {
  id?: string;
  name: string;
  price: string;
  priceNote: string;
  features: string[];
  current: boolean;
  highlight?: boolean;
  action?: React.ReactNode;
}) {
  return (
    <li
      data-testid={`plan-${id ?? "free"}`}
      aria-current={current ? "true" : undefined}
      className={clsx(
        "flex flex-col rounded-xl border bg-white p-5 shadow-sm",
        current ? "border-brand-600 ring-1 ring-brand-600" : highlight ? "border-slate-300" : "border-slate-200",
      )}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{name}</h2>
        {current ? <Badge tone="blue">Current plan</Badge> : highlight ? <Badge tone="neutral">Popular</Badge> : null}
      </div>
      <p className="mt-3">
        <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{price}</span>
        <span className="ml-1 text-sm text-slate-600">{priceNote}</span>
      </p>
      <ul className="mt-4 flex-1 space-y-2 text-sm text-slate-700">
        {features.map((f) => (
          <li key={f} className="flex gap-2">
            <span aria-hidden="true" className="text-brand-600">
              ✓
            </span>
            <span>{f}</span>
          </li>
        ))}
      </ul>
      <div className="mt-5 min-h-10">{action}</div>
    </li>
  );
}
