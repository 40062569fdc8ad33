import { PLANS, planRank, type PlanId } from "@/lib/config/plans";
import { addOneMonthIst } from "@/lib/money/ist";

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
