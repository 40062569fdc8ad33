import { z } from "zod";
import { verifySignedBody, type SignatureRejection } from "./verify-signature";

/**
 * Cashfree Subscription webhooks (2025-01-01): `{ type, event_time, data }`, signed like payment webhooks —
 * base64(HMAC-SHA256(PG client secret, x-webhook-timestamp + rawBody)). Verified on the raw body in constant time
 * inside the replay window, and only then parsed.
 */
export const SUBSCRIPTION_WEBHOOK_TYPES = [
  "SUBSCRIPTION_STATUS_CHANGED",
  "SUBSCRIPTION_AUTH_STATUS",
  "SUBSCRIPTION_PAYMENT_SUCCESS",
  "SUBSCRIPTION_PAYMENT_FAILED",
  "SUBSCRIPTION_PAYMENT_CANCELLED",
  "SUBSCRIPTION_PAYMENT_NOTIFICATION_INITIATED",
  "SUBSCRIPTION_REFUND_STATUS",
] as const;
export type SubscriptionWebhookType = (typeof SUBSCRIPTION_WEBHOOK_TYPES)[number];

const id = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v)));

const paymentData = z.looseObject({
  subscription_id: z.string().min(1).max(250),
  cf_subscription_id: id,
  payment_id: z.string().min(1).max(250),
  cf_payment_id: id,
  payment_status: z.string().min(1).max(40),
  payment_amount: z.number().nullish(),
  payment_type: z.string().nullish(),
  authorization_details: z.looseObject({ authorization_status: z.string().nullish() }).nullish(),
  failure_details: z.looseObject({ failure_reason: z.string().nullish() }).nullish(),
});

const statusData = z.looseObject({
  subscription_details: z.looseObject({ subscription_id: z.string().min(1).max(250), cf_subscription_id: id, subscription_status: z.string().min(1).max(40) }),
});

const eventSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("SUBSCRIPTION_STATUS_CHANGED"), event_time: z.string().nullish(), data: statusData }),
  z.looseObject({
    type: z.enum(["SUBSCRIPTION_AUTH_STATUS", "SUBSCRIPTION_PAYMENT_SUCCESS", "SUBSCRIPTION_PAYMENT_FAILED", "SUBSCRIPTION_PAYMENT_CANCELLED"]),
    event_time: z.string().nullish(),
    data: paymentData,
  }),
]);
export type SubscriptionWebhookEvent = z.infer<typeof eventSchema>;

/** A stored (already verified) subscription event, parsed again: null when it is not one Khata acts on. */
export function parseSubscriptionWebhookEvent(json: unknown): SubscriptionWebhookEvent | null {
  const parsed = eventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export type VerifySubscriptionWebhookResult =
  | { ok: true; event: SubscriptionWebhookEvent }
  | { ok: false; reason: SignatureRejection | "ignored_type" };

export function verifySubscriptionWebhook(input: { rawBody: string; headers: Headers; secret: string; now?: number; toleranceMs?: number }): VerifySubscriptionWebhookResult {
  const signed = verifySignedBody({ ...input, acceptSeconds: true });
  if (!signed.ok) return signed;
  const json = signed.json;
  const type = typeof json === "object" && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type === "string" && (SUBSCRIPTION_WEBHOOK_TYPES as readonly string[]).includes(type) && !eventSchema.options.some((o) => o.shape.type.safeParse(type).success)) {
    return { ok: false, reason: "ignored_type" };
  }
  const parsed = eventSchema.safeParse(json);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: "bad_payload" };
}
