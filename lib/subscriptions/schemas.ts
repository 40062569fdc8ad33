import { z } from "zod";
import { PLAN_IDS } from "@/lib/config/plans";

export const startSubscriptionSchema = z.strictObject({ plan: z.enum(PLAN_IDS) });
export const cancelSubscriptionSchema = z.strictObject({});
