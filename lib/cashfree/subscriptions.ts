import { z } from "zod";

/**
 * Cashfree Subscriptions (PG API 2025-01-01): Create Plan `POST /plans`, Create Subscription `POST /subscriptions`,
 * Fetch Subscription `GET /subscriptions/{id}`, Raise a charge `POST /subscriptions/pay`, Fetch a payment
 * `GET /subscriptions/{id}/payments/{payment_id}`, Manage `POST /subscriptions/{id}/manage`. Schemas are loose:
 * only the fields Khata reads are required, the rest pass through.
 */
const cfId = z.union([z.string(), z.number()]).transform((v) => String(v));

export const planSchema = z.looseObject({
  plan_id: z.string(),
  cf_plan_id: cfId.nullish(),
  plan_type: z.string(),
  plan_max_amount: z.number().nullish(),
  plan_status: z.string().nullish(),
});
export type CashfreePlan = z.infer<typeof planSchema>;

export const subscriptionSchema = z.looseObject({
  subscription_id: z.string(),
  cf_subscription_id: cfId,
  subscription_status: z.string(),
  subscription_session_id: z.string().nullish(),
  plan_details: z.looseObject({ plan_id: z.string().nullish(), plan_max_amount: z.number().nullish() }).nullish(),
  authorisation_details: z.looseObject({ authorization_status: z.string().nullish(), authorization_time: z.string().nullish() }).nullish(),
});
export type CashfreeSubscription = z.infer<typeof subscriptionSchema>;

export const subscriptionPaymentSchema = z.looseObject({
  payment_id: z.string(),
  cf_payment_id: cfId.nullish(),
  subscription_id: z.string(),
  payment_type: z.string().nullish(),
  payment_status: z.string(),
  payment_amount: z.number(),
  payment_schedule_date: z.string().nullish(),
});
export type CashfreeSubscriptionPayment = z.infer<typeof subscriptionPaymentSchema>;

export type CreatePlanRequest = {
  plan_id: string;
  plan_name: string;
  plan_type: "ON_DEMAND";
  plan_currency: "INR";
  /** Rupees: the most one charge may debit (what the owner sees and authorises). */
  plan_max_amount: number;
  plan_note?: string;
};

export type CreateSubscriptionRequest = {
  subscription_id: string;
  customer_details: { customer_name?: string; customer_email?: string; customer_phone: string };
  plan_details: { plan_id: string };
  authorization_details?: { authorization_amount?: number; authorization_amount_refund?: boolean; payment_methods?: string[] };
  subscription_meta?: { return_url?: string; notify_url?: string };
  subscription_expiry_time?: string;
};

export type RaiseChargeRequest = {
  subscription_id: string;
  /** The merchant's id of this charge; Khata derives it from (account, cycle), so it is the idempotency key too. */
  payment_id: string;
  /** Rupees. */
  payment_amount: number;
  payment_schedule_date?: string;
  payment_remarks?: string;
  payment_type: "CHARGE";
};

export type ManageSubscriptionAction = "CANCEL" | "PAUSE" | "ACTIVATE";

/** Cashfree's payment_status values for subscription payments that are final. */
export const SUBSCRIPTION_PAYMENT_FINAL = ["SUCCESS", "FAILED", "CANCELLED"] as const;
