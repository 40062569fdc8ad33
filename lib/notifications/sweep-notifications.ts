import { and, eq, gt, isNotNull, lte, ne, or, sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Db } from "@/lib/db";
import { accounts, monthlyUsage, subscriptionDunning, subscriptions } from "@/lib/db/schema";
import { istMonthKey, istMonthRange } from "@/lib/money/ist";
import { notifyAccount } from "./notify-account";

export const PLAN_ENDING_NOTICE_MS = 3 * 24 * 60 * 60 * 1000;
/** An end older than this is not mailed (the sweeper's first run after a deploy does not mail old history). */
const PLAN_ENDED_LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;
/** Per cent of the monthly cap at which "near" is mailed (and the dashboard warns: lib/notifications/account-alerts.ts). */
export const BUDGET_NEAR_PERCENT = 80n;

const planName = (plan: string) => (plan in PLANS ? PLANS[plan as PlanId].name : plan);

/**
 * The scheduled notifications (the `sweep-notifications` cron job, every 5 minutes): a monthly cap 80% used or
 * reached, a plan ending within 3 days or just ended. State-based, so a missed tick is caught by the next; each
 * mail's dedupe key names its cause (account, month and cap; account and plan end), so every run after the first
 * sends nothing more, and a new cap or a renewed plan is a new cause. Each account in a transaction of its own.
 * A plan that a mandate renews, or whose failed renewal is in dunning, gets the renewal's mails instead.
 */
export async function sweepNotifications(db: Db, now: Date = new Date()): Promise<{ emails: number }> {
  const appUrl = getEnv().APP_URL;
  const month = istMonthKey(now);
  let emails = 0;

  const overBudget = await db
    .select({ accountId: accounts.id, cap: accounts.monthlyBudgetCredits, used: monthlyUsage.usedCredits })
    .from(accounts)
    .innerJoin(monthlyUsage, and(eq(monthlyUsage.accountId, accounts.id), eq(monthlyUsage.month, month)))
    .where(and(isNotNull(accounts.monthlyBudgetCredits), sql`${monthlyUsage.usedCredits} * 100 >= ${accounts.monthlyBudgetCredits} * ${BUDGET_NEAR_PERCENT}`));
  for (const row of overBudget) {
    const cap = row.cap!;
    const reached = row.used >= cap;
    const data = { usedCredits: row.used.toString(), capCredits: cap.toString(), month: monthLabel(month), url: `${appUrl}/billing/budget` };
    const ids = await db.transaction((tx) =>
      reached
        ? notifyAccount(tx, { accountId: row.accountId, kind: "budget-reached", dedupeKey: `budget-reached:${row.accountId}:${month}:${cap}`, data: { ...data, resetsOn: istMonthRange(month).endUtc.toISOString() } })
        : notifyAccount(tx, { accountId: row.accountId, kind: "budget-near", dedupeKey: `budget-near:${row.accountId}:${month}:${cap}`, data }),
    );
    emails += ids.length;
  }

  const plans = await db
    .select({ accountId: accounts.id, plan: accounts.plan, expiresAt: accounts.planExpiresAt })
    .from(accounts)
    .where(
      and(
        ne(accounts.plan, "free"),
        isNotNull(accounts.planExpiresAt),
        gt(accounts.planExpiresAt, new Date(now.getTime() - PLAN_ENDED_LOOKBACK_MS)),
        lte(accounts.planExpiresAt, new Date(now.getTime() + PLAN_ENDING_NOTICE_MS)),
      ),
    );
  for (const row of plans) {
    const at = row.expiresAt!.toISOString();
    const ended = row.expiresAt!.getTime() <= now.getTime();
    if (await renewalSpeaksForIt(db, row.accountId, row.expiresAt!, ended)) continue;
    const ids = await db.transaction((tx) =>
      ended
        ? notifyAccount(tx, { accountId: row.accountId, kind: "plan-ended", dedupeKey: `plan-ended:${row.accountId}:${at}`, data: { plan: planName(row.plan), endedAt: at, url: `${appUrl}/billing/plans` } })
        : notifyAccount(tx, { accountId: row.accountId, kind: "plan-ending", dedupeKey: `plan-ending:${row.accountId}:${at}`, data: { plan: planName(row.plan), endsAt: at, url: `${appUrl}/billing/plans` } }),
    );
    emails += ids.length;
  }
  return { emails };
}

/**
 * A plan end the renewal mails cover instead (lib/subscriptions): "ending" is not sent while an authorised
 * mandate will renew it (an active subscription not set to end at the period's end, with its next charge planned), nor during a failed renewal's dunning (past_due: the dunning
 * mails say when it retries and until when the plan stays); "ended" is not sent for the lapse the dunning mailed.
 */
async function renewalSpeaksForIt(db: Db, accountId: string, expiresAt: Date, ended: boolean): Promise<boolean> {
  const [renewing] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.accountId, accountId),
        ended
          ? eq(subscriptions.status, "past_due")
          : or(
              // Renews: authorised, not set to end at the period's end, and a next charge planned (an upgrade above the
              // mandate's ceiling holds it: that plan ends unless renewal is set up again, so it is told).
              and(eq(subscriptions.status, "active"), isNotNull(subscriptions.mandateAuthorisedAt), eq(subscriptions.cancelAtPeriodEnd, false), isNotNull(subscriptions.nextChargeAt)),
              eq(subscriptions.status, "past_due"),
            ),
      ),
    )
    .limit(1);
  if (renewing) return true;
  if (!ended) return false;
  const [lapsed] = await db
    .select({ id: subscriptionDunning.chargeId })
    .from(subscriptionDunning)
    .where(and(eq(subscriptionDunning.accountId, accountId), eq(subscriptionDunning.status, "lapsed"), eq(subscriptionDunning.lapsedAt, expiresAt)))
    .limit(1);
  return Boolean(lapsed);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `"2026-12"` → `"December 2026"`. */
export function monthLabel(monthKey: string): string {
  istMonthRange(monthKey); // throws on a bad key
  const [year, month] = monthKey.split("-");
  return `${MONTHS[Number(month) - 1]} ${year}`;
}
