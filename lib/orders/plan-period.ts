import { PLANS, planRank, type PlanId } from "@/lib/config/plans";
import { addOneMonthIst, formatIstDate } from "@/lib/money/ist";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "02 Dec 2026 to 01 Jan 2027": a plan period as an invoice prints it, its last day INCLUSIVE. The period is
 * [start, end) with end one IST month after start, so the last whole day it covers is the IST day before end's
 * (IST has no daylight saving: 24 hours back is always the previous IST date).
 */
export function planPeriodLabel(start: Date, end: Date): string {
  return `${formatIstDate(start)} to ${formatIstDate(new Date(end.getTime() - DAY_MS))}`;
}

export interface ActivePlan {
  plan: string;
  rank: number;
  /** null: no end recorded (e.g. set by an operator); the plan counts as active. */
  expiresAt: Date | null;
}

/** The plan an account is on at `now`: a paid plan until its expiry, the free tier after it. */
export function activePlanOf(account: { plan: string; planExpiresAt: Date | null }, now: Date): ActivePlan {
  const rank = planRank(account.plan);
  if (rank === 0 || (account.planExpiresAt && account.planExpiresAt.getTime() <= now.getTime())) {
    return { plan: "free", rank: 0, expiresAt: null };
  }
  return { plan: account.plan, rank, expiresAt: account.planExpiresAt };
}

export type PlanPurchaseEffect =
  /** A higher plan than the active one (or none active): it starts at payment and runs one IST month. */
  | { kind: "start"; periodStart: Date; periodEnd: Date }
  /** The same plan is still active (two orders paid for one plan): the new month is added after the current one. */
  | { kind: "extend"; periodStart: Date; periodEnd: Date }
  /** A lower plan than the active one was paid for (an older order paid late): credits only, plan unchanged, flagged. */
  | { kind: "lower"; activePlan: string };

/**
 * What a paid plan order does to the account. Upgrades are not prorated: a higher plan replaces the current one
 * from the moment of payment; the remaining time of the lower plan lapses (its credits stay in the balance).
 */
export function planPurchaseEffect(active: ActivePlan, purchased: PlanId, paidAt: Date): PlanPurchaseEffect {
  const rank = PLANS[purchased].rank;
  if (rank > active.rank) return { kind: "start", periodStart: paidAt, periodEnd: addOneMonthIst(paidAt) };
  if (rank === active.rank) {
    const from = active.expiresAt && active.expiresAt.getTime() > paidAt.getTime() ? active.expiresAt : paidAt;
    return { kind: "extend", periodStart: from, periodEnd: addOneMonthIst(from) };
  }
  return { kind: "lower", activePlan: active.plan };
}
