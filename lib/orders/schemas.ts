import { z } from "zod";
import { payMethodSchema } from "@/lib/cashfree/order-pay";
import { PLAN_IDS } from "@/lib/config/plans";

export const MAX_TOPUP_CREDITS = 100_000;

const creditsSchema = z
  .number({
    error: (issue) =>
      issue.input === undefined ? "is required for credit_topup" : `must be a whole number of credits from 1 to ${MAX_TOPUP_CREDITS}`,
  })
  .int(`must be a whole number of credits from 1 to ${MAX_TOPUP_CREDITS}`)
  .min(1, "must be at least 1 (1 credit = ₹1, Cashfree's minimum order)")
  .max(MAX_TOPUP_CREDITS, `must be at most ${MAX_TOPUP_CREDITS}`);

const planSchema = z.enum(PLAN_IDS, {
  error: (issue) => (issue.input === undefined ? "is required for plan_upgrade" : `must be one of ${PLAN_IDS.join(", ")}`),
});

/** POST /api/v1/payments/create-order */
export const createOrderSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("credit_topup"), credits: creditsSchema }),
    z.strictObject({ type: z.literal("plan_upgrade"), plan: planSchema }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? "must be credit_topup or plan_upgrade" : undefined) },
);
export type CreateOrderBody = z.infer<typeof createOrderSchema>;

/** POST /api/v1/payments/verify and /retry */
export const orderIdBodySchema = z.strictObject({
  order_id: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .min(1, "is required")
    .max(64, "is not an order id"),
});

/** POST /api/v1/payments/pay: an order and a payment method (validated before it reaches Cashfree). */
export const payOrderBodySchema = z.strictObject({
  order_id: orderIdBodySchema.shape.order_id,
  method: payMethodSchema,
});
export type PayOrderBody = z.infer<typeof payOrderBodySchema>;
