// GET /api/v1/balance – balance, plan, monthly budget cap, used this month and what can still be consumed
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { getBalance } from "@/lib/credits/get-balance";

export const GET = apiRoute({ auth: "session_or_api_key", action: "machine:balance", rateLimit: true }, async ({ db, accountId }) => {
  const b = await getBalance(db, accountId);
  const capLeft = b.remainingThisMonthCredits;
  return {
    body: {
      balance: b.balanceCredits,
      currency: "INR",
      plan: b.plan,
      plan_expires_at: b.planExpiresAt,
      monthly_limit: b.monthlyLimitCredits,
      used_this_month: b.usedThisMonthCredits,
      // Credits consumable right now: the balance, further limited by what is left of the cap.
      remaining: capLeft === null || b.balanceCredits < capLeft ? b.balanceCredits : capLeft,
      remaining_budget: capLeft,
      month: b.month,
    },
  };
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
