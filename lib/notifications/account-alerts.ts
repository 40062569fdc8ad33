import { and, desc, eq, gte } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import { getBalance } from "@/lib/credits/get-balance";
import { effectiveLowBalanceThreshold, isLowBalance } from "@/lib/credits/low-balance";
import type { Executor } from "@/lib/db";
import { accounts, orders } from "@/lib/db/schema";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { formatIstDate, formatIstDateTime, istMonthRange } from "@/lib/money/ist";
import { activePlanOf } from "@/lib/orders/plan-period";
import { BUDGET_NEAR_PERCENT, PLAN_ENDING_NOTICE_MS } from "./sweep-notifications";

export type AccountAlertKind = "suspended" | "budget-reached" | "budget-near" | "low-balance" | "plan-ending" | "payment-failed";

/** One banner on every dashboard page: what is wrong, in words, and the one thing to do about it. */
export interface AccountAlert {
  kind: AccountAlertKind;
  tone: "danger" | "warning";
  title: string;
  body: string;
  action: { href: string; label: string } | null;
}

/** A failed payment is shown this long, unless a later payment went through. */
const FAILED_PAYMENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The account's standing alerts, most serious first, from its current state (the same rules the mails follow:
 * lib/notifications). Read-only; `canPay` hides actions the viewer may not take.
 */
export async function listAccountAlerts(db: Executor, input: { accountId: string; canPay: boolean; now?: Date }): Promise<AccountAlert[]> {
  const now = input.now ?? new Date();
  const [summary, [account], [lastOrder]] = await Promise.all([
    getBalance(db, input.accountId, now),
    db.select({ suspendedAt: accounts.suspendedAt, reason: accounts.suspensionReason }).from(accounts).where(eq(accounts.id, input.accountId)),
    db
      .select({ id: orders.id, status: orders.status, amountPaise: orders.amountPaise, updatedAt: orders.updatedAt })
      .from(orders)
      .where(and(eq(orders.accountId, input.accountId), gte(orders.createdAt, new Date(now.getTime() - FAILED_PAYMENT_WINDOW_MS))))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(1),
  ]);
  const alerts: AccountAlert[] = [];
  const pay = (href: string, label: string) => (input.canPay ? { href, label } : null);

  if (account?.suspendedAt) {
    alerts.push({
      kind: "suspended",
      tone: "danger",
      title: "This account is suspended",
      body: `Since ${formatIstDateTime(account.suspendedAt)}: ${account.reason ?? "see support"}. Invoices, payments and the balance can still be read; everything else, API keys included, is refused until support lifts it.`,
      action: null,
    });
  }

  const cap = summary.monthlyLimitCredits;
  const used = summary.usedThisMonthCredits;
  if (cap !== null && used >= cap) {
    const resets = formatIstDate(istMonthRange(summary.month).endUtc);
    alerts.push({
      kind: "budget-reached",
      tone: "danger",
      title: "Monthly cap reached",
      body: `${formatCredits(used)} of the ${formatCredits(cap)}-credit cap used: all usage is refused until ${resets}, or until the cap is raised.`,
      action: { href: "/billing/budget", label: "Review the cap" },
    });
  } else if (cap !== null && used * 100n >= cap * BUDGET_NEAR_PERCENT) {
    alerts.push({
      kind: "budget-near",
      tone: "warning",
      title: "Monthly cap nearly reached",
      body: `${formatCredits(used)} of the ${formatCredits(cap)}-credit cap used this month. At the cap, usage is refused.`,
      action: { href: "/billing/budget", label: "Review the cap" },
    });
  }

  if (isLowBalance(summary.balanceCredits, summary.lowBalanceThresholdCredits)) {
    const out = summary.balanceCredits === 0n;
    alerts.push({
      kind: "low-balance",
      tone: out ? "danger" : "warning",
      title: out ? "You're out of credits" : "Your credit balance is low",
      body: `${formatCredits(summary.balanceCredits)} credits left (alert level ${formatCredits(effectiveLowBalanceThreshold(summary.lowBalanceThresholdCredits))}). API calls are refused with insufficient_balance when it reaches 0.${input.canPay ? "" : " Ask an owner or admin to top up."}`,
      action: pay("/billing/top-up", "Top up now"),
    });
  }

  const plan = activePlanOf({ plan: summary.plan, planExpiresAt: summary.planExpiresAt }, now);
  if (plan.expiresAt && plan.expiresAt.getTime() - now.getTime() <= PLAN_ENDING_NOTICE_MS) {
    const name = plan.plan in PLANS ? PLANS[plan.plan as PlanId].name : plan.plan;
    alerts.push({
      kind: "plan-ending",
      tone: "warning",
      title: `Your ${name} plan ends on ${formatIstDate(plan.expiresAt)}`,
      body: "After that the account is on the free tier; your credits stay.",
      action: pay("/billing/plans", "Renew the plan"),
    });
  }

  if (lastOrder && (lastOrder.status === "FAILED" || lastOrder.status === "USER_DROPPED")) {
    alerts.push({
      kind: "payment-failed",
      tone: "warning",
      title: `A payment of ${formatInr(lastOrder.amountPaise)} did not go through`,
      body: `On ${formatIstDateTime(lastOrder.updatedAt)}. No money was taken and no credits were added.`,
      action: pay(`/billing/return?order_id=${encodeURIComponent(lastOrder.id)}`, "Retry the payment"),
    });
  }
  return alerts;
}
