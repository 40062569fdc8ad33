import { PLANS, type PlanId } from "@/lib/config/plans";
import { periodStartOf, prorateUpgrade, type Proration } from "./proration";
import { AFA_FREE_LIMIT_PAISE } from "./renewal-rules";
import { renewalPlanOf } from "./scheduled-renewal";
import type { SubscriptionRow } from "./subscription-view";

export interface RenewalSummary {
  status: SubscriptionRow["status"];
  /** The next debit on the mandate, null when none is planned (cancelled at period end, held, not authorised). */
  nextCharge: { at: Date; amountPaise: bigint; plan: PlanId } | null;
  /** Why no charge is planned on an authorised mandate. */
  held: "cancel_at_period_end" | "mandate_below_price" | null;
  mandate: { maxAmountPaise: bigint; methods: string; authorisedAt: Date | null };
  scheduledPlan: PlanId | null;
  cancelAtPeriodEnd: boolean;
  periodEnd: Date | null;
}

/** What the Plans page says about a live subscription (pure: the page reads the row, this decides the words' facts). */
export function renewalSummary(sub: SubscriptionRow): RenewalSummary {
  const plan = renewalPlanOf(sub);
  const price = PLANS[plan]?.monthlyPricePaise ?? null;
  const authorised = sub.status === "active";
  const belowPrice = price !== null && price > sub.maxAmountPaise;
  const held = !authorised ? null : sub.cancelAtPeriodEnd ? "cancel_at_period_end" : belowPrice ? "mandate_below_price" : null;
  return {
    status: sub.status,
    nextCharge: authorised && !held && sub.nextChargeAt && price !== null ? { at: sub.nextChargeAt, amountPaise: price, plan } : null,
    held,
    mandate: {
      maxAmountPaise: sub.maxAmountPaise,
      // The methods the mandate was offered with (start-subscription.ts): above RBI's AFA limit, NACH only.
      methods: sub.maxAmountPaise > AFA_FREE_LIMIT_PAISE ? "eNACH or physical NACH" : "UPI, card or eNACH (chosen on Cashfree's page)",
      authorisedAt: sub.mandateAuthorisedAt,
    },
    scheduledPlan: (sub.scheduledPlan as PlanId | null) ?? null,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    periodEnd: sub.currentPeriodEnd,
  };
}

/** The price of upgrading now from `from` (period ending `periodEnd`) to `to`: the same rule the server charges. */
export function upgradeQuote(from: PlanId, to: PlanId, periodEnd: Date, now: Date): Proration | null {
  return prorateUpgrade({ from, to, periodStart: periodStartOf(periodEnd), periodEnd, now });
}
