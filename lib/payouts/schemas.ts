import { z } from "zod";

export const PAYOUT_STATUSES = ["requested", "approved", "processing", "processed", "failed", "reversed", "rejected"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** IFSC: 4 letters (bank), a zero, 6 letters or digits (branch). */
export const IFSC_PATTERN = /^[A-Z]{4}0[A-Z0-9]{6}$/;
/** Indian bank account numbers are 9 to 18 digits. */
export const ACCOUNT_NUMBER_PATTERN = /^[0-9]{9,18}$/;
const MAX_PAYOUT_CREDITS = 100_000_000;
const creditsError = `credits must be a whole number from 1 to ${MAX_PAYOUT_CREDITS}.`;

const beneficiary = z.strictObject(
  {
    // Cashfree: "Only alphabets and whitespaces are allowed", at most 100 characters.
    name: z
      .string({ error: "beneficiary.name must be a string." })
      .trim()
      .min(1, { error: "beneficiary.name is required." })
      .max(100, { error: "beneficiary.name is at most 100 characters." })
      .regex(/^[A-Za-z][A-Za-z .]*$/, { error: "beneficiary.name may contain letters, spaces and dots only (as the bank account holder's name)." }),
    account_number: z
      .string({ error: "beneficiary.account_number must be a string of digits." })
      .trim()
      .regex(ACCOUNT_NUMBER_PATTERN, { error: "beneficiary.account_number must be 9 to 18 digits." }),
    ifsc: z
      .string({ error: "beneficiary.ifsc must be a string." })
      .trim()
      .transform((v) => v.toUpperCase())
      .pipe(z.string().regex(IFSC_PATTERN, { error: "beneficiary.ifsc must be an IFSC: 4 letters, 0, then 6 letters or digits (e.g. HDFC0001234)." })),
  },
  { error: "beneficiary must be an object with name, account_number and ifsc." },
);

/** Free text stored as given: control characters (NUL above all, which PostgreSQL text cannot hold) are refused. */
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** `POST /api/v1/payouts`: withdraw `credits` unused prepaid credits to a bank account. */
export const requestPayoutSchema = z.strictObject({
  credits: z
    .number({ error: creditsError })
    .int({ error: creditsError })
    .min(1, { error: creditsError })
    .max(MAX_PAYOUT_CREDITS, { error: creditsError })
    .transform((v) => BigInt(v)),
  beneficiary,
  note: z
    .string({ error: "note must be a string." })
    .trim()
    .max(200, { error: "note is at most 200 characters." })
    .regex(NO_CONTROL, { error: "note may not contain control characters." })
    .optional(),
});
export type RequestPayoutBody = z.infer<typeof requestPayoutSchema>;

export const listPayoutsQuerySchema = z.strictObject({
  status: z.enum(PAYOUT_STATUSES, { error: `status must be one of ${PAYOUT_STATUSES.join(", ")}.` }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListPayoutsQuery = z.infer<typeof listPayoutsQuerySchema>;

export const payoutIdParamsSchema = z.strictObject({ payout_id: z.string().regex(/^po_[0-9a-f]{1,60}$/, { error: "payout_id is a payout's id (po_…)." }) });

export const rejectPayoutSchema = z.strictObject({
  reason: z
    .string({ error: "reason must be a string." })
    .trim()
    .min(1, { error: "Say why the payout is rejected." })
    .max(500, { error: "reason is at most 500 characters." })
    .regex(NO_CONTROL, { error: "reason may not contain control characters." }),
});
