/**
 * The plan catalog. Prices are monthly and GST-inclusive, in paise; each paid month grants the plan's included
 * credits once. Ranks order the plans: upgrades only go up.
 */
export const PLAN_IDS = ["starter", "pro", "enterprise"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface Plan {
  id: PlanId;
  name: string;
  rank: number;
  monthlyPricePaise: bigint;
  includedCredits: bigint;
  /** API requests per minute per key on machine endpoints. */
  rateLimitPerMinute: number;
}

export const PLANS: Record<PlanId, Plan> = {
  starter: { id: "starter", name: "Starter", rank: 1, monthlyPricePaise: 99_900n, includedCredits: 1_000n, rateLimitPerMinute: 600 },
  pro: { id: "pro", name: "Pro", rank: 2, monthlyPricePaise: 499_900n, includedCredits: 6_000n, rateLimitPerMinute: 3_000 },
  enterprise: { id: "enterprise", name: "Enterprise", rank: 3, monthlyPricePaise: 1_999_900n, includedCredits: 25_000n, rateLimitPerMinute: 12_000 },
};

/** Accounts start on the free tier (no plan bought yet). */
export const FREE_TIER = { id: "free", name: "Free", rank: 0, rateLimitPerMinute: 120 } as const;

export function planRank(plan: string): number {
  return plan in PLANS ? PLANS[plan as PlanId].rank : 0;
}

/** The per-key limit's window: `rateLimitPerMinute` requests per this many seconds. */
export const RATE_LIMIT_WINDOW_SECONDS = 60;

/**
 * Dashboard sessions are limited per user (every tab, device and account of theirs shares the budget): generous
 * for a person clicking, tight enough that a script riding a session cookie gets the seed's 429. The default of
 * the SESSION_RATE_LIMIT_PER_MINUTE setting (lib/config/env.ts).
 */
export const SESSION_RATE_LIMIT_PER_MINUTE = 600;

export function rateLimitForPlan(plan: string): number {
  return plan in PLANS ? PLANS[plan as PlanId].rateLimitPerMinute : FREE_TIER.rateLimitPerMinute;
}
