import { z } from "zod";
import { REFUND_STATUSES_KHATA } from "./refund-view";

const MAX_REFUND_CREDITS = 100_000_000;
const creditsError = `credits must be a whole number from 1 to ${MAX_REFUND_CREDITS}.`;

const credits = z
  .number({ error: creditsError })
  .int({ error: creditsError })
  .min(1, { error: creditsError })
  .max(MAX_REFUND_CREDITS, { error: creditsError })
  .transform((v) => BigInt(v));
const reason = z.string({ error: "reason must be a string." }).trim().min(1, { error: "Say why the refund is wanted." }).max(500, { error: "reason is at most 500 characters." });
const orderId = z.string({ error: "order_id must be a string." }).trim().min(1, { error: "order_id is required." }).max(64);

/** `POST /api/v1/refunds` (owner/admin) and `POST /api/v1/admin/refunds` (operator, own initiative). */
export const requestRefundSchema = z.strictObject({ order_id: orderId, credits, reason });

/** `POST /api/v1/admin/refunds/:refund_id/reject`. */
export const rejectRefundSchema = z.strictObject({ reason });

export const refundIdParamsSchema = z.strictObject({ refund_id: z.string().min(1).max(64) });

export const listRefundsQuerySchema = z.strictObject({
  status: z.enum(REFUND_STATUSES_KHATA).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListRefundsQuery = z.infer<typeof listRefundsQuerySchema>;
