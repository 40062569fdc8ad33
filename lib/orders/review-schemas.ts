import { z } from "zod";

export const orderIdParamsSchema = z.strictObject({ order_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "order_id must be an order's id") });

/** Dismissing a flag, or settling after checking Cashfree: the operator says why (kept with who and when). */
export const orderReviewBodySchema = z.strictObject({ reason: z.string().trim().min(3, "reason must be at least 3 characters").max(500) });
