import { z } from "zod";

export const MAX_MONTHLY_BUDGET_CREDITS = 1_000_000_000;

const LIMIT_MESSAGE = `monthly_limit must be a whole number of credits from 0 to ${MAX_MONTHLY_BUDGET_CREDITS}, or null to remove the cap.`;

/**
 * `PUT /api/v1/credits/budget`: an integer cap, or an explicit null to clear it (the field is required; a missing
 * field keeps zod's default message so the wrapper answers `missing_fields` naming monthly_limit).
 */
export const setBudgetSchema = z.strictObject({
  monthly_limit: z
    .number({ error: (issue) => (issue.input === undefined ? undefined : LIMIT_MESSAGE) })
    .int({ error: LIMIT_MESSAGE })
    .min(0, { error: LIMIT_MESSAGE })
    .max(MAX_MONTHLY_BUDGET_CREDITS, { error: LIMIT_MESSAGE })
    .nullable(),
});
export type SetBudgetInput = z.infer<typeof setBudgetSchema>;
