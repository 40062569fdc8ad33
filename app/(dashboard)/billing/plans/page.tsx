import clsx from "clsx";
import type { Metadata } from "next";
import { checkoutConfig } from "@/components/billing/checkout-config";
import { PlanOrderPay } from "@/components/billing/plan-order-pay";
import { AutoTopUpForm } from "@/components/billing/auto-top-up-form";
import { CancelRenewalButton } from "@/components/billing/cancel-renewal-button";
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
import { getLiveSubscription } from "@/lib/subscriptions/get-live-subscription";
import { mandateMaxPaise } from "@/lib/subscriptions/start-subscription";

export const metadata: Metadata = { title: "Plans" };

const grouping = new Intl.NumberFormat("en-IN");

export default async function PlansPage() {
  const member = await requireAccountMember();
  const db = await getDb();
  const summary = await getBalance(db, member.account.accountId);
  const renewal = await getLiveSubscription(db, member.account.accountId);
  const canRenew = member.can("subscriptions:manage");
  const active = activePlanOf({ plan: summary.plan, planExpiresAt: summary.planExpiresAt }, new Date());
  const canBuy = member.can("payments:create");
  const config = checkoutConfig();
  const autoTopUp = member.can("auto_top_up:manage") ? toAutoTopUpView(await getAutoTopUp(db, member.account.accountId, new Date())) : null;
  const activeName = active.plan in PLANS ? PLANS[active.plan as keyof typeof PLANS].name : FREE_TIER.name;

  return (
    <>
      <PageHeader
        title="Plans"
        description="Each plan is one month of higher API limits plus included credits, paid once. Prices include 18% GST."
      />
      <Notice tone="info" className="mb-6">
        You&apos;re on <strong data-testid="current-plan-name">{activeName}</strong>
        {active.expiresAt ? <> until {formatIstDate(active.expiresAt)}</> : null}. Plans don&apos;t renew automatically: at the end of the paid month
        the account returns to Free, and every credit you hold stays in your balance. Upgrading starts the new plan at once for a full month.
      </Notice>
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
                "One month from payment, no auto-renewal",
              ]}
              current={current}
              action={
                plan.rank > active.rank ? (
                  canBuy ? (
                    <UpgradeButton plan={id} planName={plan.name} price={price} checkout={config} />
                  ) : (
                    <p className="text-center text-sm text-slate-600">An owner or admin can upgrade.</p>
                  )
                ) : current ? (
                  <>
                    <p className="text-center text-sm text-slate-600">{active.expiresAt ? `Active until ${formatIstDate(active.expiresAt)}` : "Your plan"}</p>
                    {renewal && renewal.plan === id && renewal.status !== "pending_authorization" ? (
                      <>
                        <p className="mt-2 text-center text-sm text-slate-700" data-testid="renewal-status">
                          {renewal.status === "active" && renewal.nextChargeAt
                            ? `Renews automatically: ${formatInr(plan.monthlyPricePaise)} on ${formatIstDate(renewal.nextChargeAt)} (mandate up to ${formatInr(renewal.maxAmountPaise)})`
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
                ) : (
                  <p className="text-center text-sm text-slate-600">Included in your plan</p>
                )
              }
            />
          );
        })}
      </ul>
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
      {canBuy ? (
        <PlanOrderPay
          plans={PLAN_IDS.filter((id) => PLANS[id].rank > active.rank).map((id) => ({ id, name: PLANS[id].name, price: formatInr(PLANS[id].monthlyPricePaise).replace(/\.00$/, "") }))}
        />
      ) : null}
    </>
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
