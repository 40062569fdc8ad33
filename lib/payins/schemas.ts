import { z } from "zod";
import { MAX_TOPUP_CREDITS } from "@/lib/orders/schemas";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A pay-in link stays payable this long unless the caller says otherwise. */
export const DEFAULT_PAY_IN_TTL_MS = 7 * DAY_MS;
export const MIN_PAY_IN_TTL_MS = 15 * 60 * 1000;
/** Cashfree's longest link validity Khata asks for (its default). */
export const MAX_PAY_IN_TTL_MS = 30 * DAY_MS;

// No control characters (they break PDFs, logs and PostgreSQL text), no markup.
const PLAIN_TEXT = /^[^\p{Cc}<>]+$/u;
const plainText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .regex(PLAIN_TEXT, "must be plain text (no control characters or < >)");

/** The phone numbers Cashfree takes for a customer: an Indian mobile, optionally +91 / 91 / 0 first. */
export const PAYER_PHONE_RE = /^(?:\+91|91|0)?[6-9]\d{9}$/;
/** The caller's own id of a pay-in (seed 001's order id): letters, digits, `_ - . /`. */
export const REFERENCE_RE = /^[A-Za-z0-9_./-]{1,40}$/;

/**
 * POST /api/v1/payments: a credit top-up of `amount` rupees (= credits, 1 credit = ₹1) paid by `payer` through a
 * Cashfree payment link. `reference` is the caller's own id (unique per account), `expires_at` the link's end
 * (15 minutes to 30 days ahead; 7 days by default).
 */
export const createPayInSchema = z.strictObject({
  amount: z
    .number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a whole number of rupees") })
    .int(`must be a whole number of rupees (credits) from 1 to ${MAX_TOPUP_CREDITS}`)
    .min(1, "must be at least 1 (₹1, Cashfree's minimum)")
    .max(MAX_TOPUP_CREDITS, `must be at most ${MAX_TOPUP_CREDITS}`),
  payer: z.strictObject(
    {
      name: plainText(100),
      email: z.email("must be an email address").max(100, "must be at most 100 characters").optional(),
      phone: z
        .string({ error: (issue) => (issue.input === undefined ? "is required (Cashfree sends the link to it)" : "must be a string") })
        .regex(PAYER_PHONE_RE, "must be an Indian mobile number (10 digits, optionally +91)"),
    },
    { error: (issue) => (issue.input === undefined ? "is required" : "must be an object with name, phone and optionally email") },
  ),
  reference: z
    .string({ error: "must be a string" })
    .regex(REFERENCE_RE, "must be 1–40 letters, digits or _ - . /")
    .optional(),
  purpose: plainText(200).optional(),
  expires_at: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone (e.g. 2026-12-31T18:00:00+05:30)" })
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const ms = Date.parse(value) - Date.now();
      if (!(ms >= MIN_PAY_IN_TTL_MS && ms <= MAX_PAY_IN_TTL_MS)) ctx.addIssue({ code: "custom", message: "must be between 15 minutes and 30 days from now" });
    }),
});
export type CreatePayInBody = z.infer<typeof createPayInSchema>;

/** An order id (`cm_` + 16 hex) or an offline payment id (`op_` + 24 hex): what GET /api/v1/payments/:payment_id names. */
export const PAYMENT_ID_RE = /^(?:cm_[0-9a-f]{16}|op_[0-9a-f]{24})$/;

export const paymentIdParamsSchema = z.object({
  payment_id: z.string().regex(PAYMENT_ID_RE, "is not a payment id (an order id cm_… or an offline payment id op_…)"),
});
