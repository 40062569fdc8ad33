// No server import here: the settings form (a client component) validates with this schema in the browser.
import { z } from "zod";

/** Cashfree's minimum order is ₹1; a top-up is at most 100,000 credits (lib/orders/schemas.ts MAX_TOPUP_CREDITS). */
export const MIN_AUTO_TOP_UP_RUPEES = 1;
export const MAX_AUTO_TOP_UP_RUPEES = 100_000;

const wholeRupees = (name: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a whole number of rupees.` })
    .int({ error: `${name} must be a whole number of rupees.` })
    .min(min, { error: `${name} must be at least ₹${min}.` })
    .max(max, { error: `${name} must be at most ₹${max.toLocaleString("en-IN")}.` });

/** PUT /api/v1/auto-top-up. Amounts in whole rupees (1 credit = ₹1), GST-inclusive like every top-up. */
export const setAutoTopUpSchema = z
  .strictObject({
    enabled: z.boolean({ error: "enabled must be true or false." }),
    /** Credits: a usage debit that takes the balance below this fires one auto top-up. */
    threshold_credits: z
      .number({ error: "threshold_credits must be a whole number of credits." })
      .int({ error: "threshold_credits must be a whole number of credits." })
      .min(1, { error: "threshold_credits must be at least 1." })
      .max(1_000_000_000, { error: "threshold_credits must be at most 1,000,000,000." }),
    amount: wholeRupees("amount", MIN_AUTO_TOP_UP_RUPEES, MAX_AUTO_TOP_UP_RUPEES),
    /** The most auto top-ups may charge in one IST calendar month (pending and paid charges count). */
    monthly_ceiling: wholeRupees("monthly_ceiling", MIN_AUTO_TOP_UP_RUPEES, 100 * MAX_AUTO_TOP_UP_RUPEES),
  })
  .refine((v) => v.monthly_ceiling >= v.amount, { path: ["monthly_ceiling"], error: "monthly_ceiling must be at least the amount." });
export type SetAutoTopUpBody = z.infer<typeof setAutoTopUpSchema>;
