import { z } from "zod";

/** ₹1 crore of credits: far above any sensible correction, exact as a JS number. */
export const MAX_ADJUSTMENT_CREDITS = 10_000_000;

export const proposeAdjustmentBodySchema = z
  .object({
    account_id: z.string().regex(/^acc_[0-9a-f]{24}$/, "is not an account id"),
    direction: z.enum(["grant", "debit"]),
    credits: z.number().int("must be a whole number of credits").min(1, "must be at least 1").max(MAX_ADJUSTMENT_CREDITS, `may be at most ${MAX_ADJUSTMENT_CREDITS}`),
    reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500),
    reference: z.string().trim().max(100, "may be at most 100 characters").optional(),
  })
  .strict();
export type ProposeAdjustmentBody = z.infer<typeof proposeAdjustmentBodySchema>;

export const adjustmentIdParamsSchema = z.object({ adjustment_id: z.string().regex(/^adj_[0-9a-f]{24}$/, "is not an adjustment id") });

export const rejectAdjustmentBodySchema = z.object({ reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500) }).strict();

export const listAdjustmentsQuerySchema = z
  .object({
    status: z.enum(["proposed", "applied", "rejected"]).optional(),
    account_id: z.string().regex(/^acc_[0-9a-f]{24}$/, "is not an account id").optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type ListAdjustmentsQuery = z.infer<typeof listAdjustmentsQuerySchema>;
