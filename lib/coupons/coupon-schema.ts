import { z } from "zod";

/** Coupon codes: 3–32 of A–Z, 0–9, "-" and "_", stored upper-case; customers may type them in any case. */
export const COUPON_CODE_REGEX = /^[A-Z0-9_-]{3,32}$/;
export const MAX_COUPON_CREDITS = 10_000_000;

export function normalizeCouponCode(input: string): string {
  return input.trim().toUpperCase();
}

/** `POST /api/v1/coupons/redeem`. Any non-empty string is accepted: a code that cannot exist is `coupon_not_found`. */
export const redeemCouponSchema = z.strictObject({
  code: z.string({ error: (i) => (i.input === undefined ? undefined : "code must be a string.") }).trim().min(1, { error: "Enter a coupon code." }).max(64, { error: "No coupon has a code this long." }),
});

const isoDate = z.iso
  .datetime({ offset: true, error: "Use an ISO 8601 date-time with a time zone, e.g. 2026-12-01T00:00:00+05:30." })
  .transform((v) => new Date(v));

/** `POST /api/v1/admin/coupons` (operators). */
export const createCouponSchema = z
  .strictObject({
    code: z
      .string()
      .transform(normalizeCouponCode)
      .pipe(z.string().regex(COUPON_CODE_REGEX, { error: "code must be 3–32 characters of A–Z, 0–9, - and _." })),
    credits: z
      .number({ error: `credits must be a whole number from 1 to ${MAX_COUPON_CREDITS}.` })
      .int({ error: `credits must be a whole number from 1 to ${MAX_COUPON_CREDITS}.` })
      .min(1, { error: `credits must be a whole number from 1 to ${MAX_COUPON_CREDITS}.` })
      .max(MAX_COUPON_CREDITS, { error: `credits must be a whole number from 1 to ${MAX_COUPON_CREDITS}.` }),
    /** Defaults to now. */
    valid_from: isoDate.optional(),
    /** Exclusive end; null or omitted: no end. */
    valid_until: isoDate.nullish(),
    /** Overall limit across accounts; null or omitted: unlimited (still once per account). */
    max_redemptions: z
      .number({ error: "max_redemptions must be a whole number of at least 1, or null for no limit." })
      .int({ error: "max_redemptions must be a whole number of at least 1, or null for no limit." })
      .min(1, { error: "max_redemptions must be a whole number of at least 1, or null for no limit." })
      .max(10_000_000, { error: "max_redemptions must be at most 10000000." })
      .nullish(),
  })
  .superRefine((c, ctx) => {
    // Runs even when a field failed (zod 4 refinements are non-aborting): only compare real dates.
    const from = c.valid_from instanceof Date ? c.valid_from : c.valid_from === undefined ? new Date() : null;
    if (from && c.valid_until instanceof Date && c.valid_until.getTime() <= from.getTime()) {
      ctx.addIssue({ code: "custom", path: ["valid_until"], message: "valid_until must be later than valid_from (and than now)." });
    }
  });
export type CreateCouponInput = z.output<typeof createCouponSchema>;

export const listCouponsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const couponIdParamsSchema = z.object({ coupon_id: z.string().min(1).max(64) });
