import { z } from "zod";
import { PLAN_IDS } from "@/lib/config/plans";

export const startSubscriptionSchema = z.strictObject({ plan: z.enum(PLAN_IDS) });
export const cancelSubscriptionSchema = z.strictObject({});
/** POST /api/v1/subscriptions/change: a plan (higher: upgrade now, prorated; lower: at the period's end), or the end of renewal. */
export const changePlanSchema = z.union([z.strictObject({ plan: z.enum(PLAN_IDS) }), z.strictObject({ cancel_at_period_end: z.literal(true) })]);
/** `/billing/plans?renewal=<id>`: where Cashfree's mandate page sends the owner back (start-subscription.ts). */
export const mandateReturnSchema = z.object({ renewal: z.string().regex(/^sub_[0-9a-f]{24}$/) });
