import { eq } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import { accounts } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { activePlanOf } from "@/lib/orders/plan-period";
import { clock, type SubscriptionDeps } from "./deps";
import { schedulePlanChange } from "./schedule-plan-change";
import type { SubscriptionView } from "./subscription-view";
import { upgradePlan, type UpgradeCheckout } from "./upgrade-plan";

export type ChangePlanInput = { accountId: string; userId: string | null } & ({ plan: PlanId } | { cancelAtPeriodEnd: true });

export type ChangePlanResult = { kind: "upgrade"; checkout: UpgradeCheckout } | { kind: "scheduled"; subscription: SubscriptionView };

/**
 * The owner changes plan: a higher plan than the active one is an upgrade now, prorated, paid by checkout
 * (upgrade-plan.ts); a lower one, or the end of renewal, is scheduled for the period's end (schedule-plan-change.ts).
 */
export async function changePlan(deps: SubscriptionDeps, input: ChangePlanInput): Promise<ChangePlanResult> {
  if ("cancelAtPeriodEnd" in input) {
    return { kind: "scheduled", subscription: await schedulePlanChange(deps, { accountId: input.accountId, change: { cancelAtPeriodEnd: true } }) };
  }
  const [account] = await deps.db.select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, input.accountId));
  if (!account) throw notFound("Account");
  const active = activePlanOf(account, clock(deps));
  const rank = PLANS[input.plan].rank;
  if (rank === active.rank) throw new AppError("conflict", `This account is already on ${PLANS[input.plan].name}.`, { details: { current_plan: active.plan } });
  if (rank > active.rank) return { kind: "upgrade", checkout: await upgradePlan(deps, { accountId: input.accountId, userId: input.userId, plan: input.plan }) };
  return { kind: "scheduled", subscription: await schedulePlanChange(deps, { accountId: input.accountId, change: { plan: input.plan } }) };
}
