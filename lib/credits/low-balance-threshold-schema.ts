// No server import here: the settings form (a client component) validates with this schema in the browser.
import { z } from "zod";

export const setLowBalanceThresholdSchema = z.strictObject({
  /** Credits; `credits.low` fires when a consumption takes the balance from above this to at or below it. null = the default (500). */
  low_balance_threshold: z
    .number({ error: "low_balance_threshold must be a whole number of credits or null." })
    .int({ error: "low_balance_threshold must be a whole number of credits." })
    .min(0)
    .max(1_000_000_000)
    .nullable(),
});
