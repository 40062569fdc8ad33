import { z } from "zod";
import { verifySignedBody, type SignatureRejection } from "./verify-signature";

/**
 * Cashfree Payouts Webhooks V2 (docs: api-reference/payouts/v2/webhooks/webhooks-v2 and webhooks/payloads-and-signatures):
 * JSON body `{ type, event_time, data: { transfer_id, cf_transfer_id, status, status_code, … } }`, signed like the
 * Payment Gateway's: `x-webhook-signature` = base64(HMAC-SHA256(x-webhook-timestamp + rawBody)) keyed with the
 * PAYOUTS client secret. Verified on the raw body, constant-time, inside a replay window, and only then parsed.
 */
export const PAYOUT_WEBHOOK_TYPES = ["TRANSFER_SUCCESS", "TRANSFER_FAILED", "TRANSFER_REVERSED", "TRANSFER_REJECTED", "TRANSFER_ACKNOWLEDGED"] as const;

const payoutEventSchema = z.looseObject({
  type: z.string(),
  event_time: z.string().nullish(),
  data: z.looseObject({
    transfer_id: z.string().min(1).max(100),
    cf_transfer_id: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
    status: z.string().min(1).max(40),
    status_code: z.string().nullish(),
    status_description: z.string().nullish(),
    transfer_amount: z.number().nullish(),
    transfer_utr: z.string().nullish(),
  }),
});
export type PayoutWebhookEvent = z.infer<typeof payoutEventSchema>;

export type PayoutWebhookRejection = SignatureRejection;

export type VerifyPayoutWebhookResult = { ok: true; event: PayoutWebhookEvent } | { ok: false; reason: PayoutWebhookRejection };

export function verifyPayoutWebhook(input: { rawBody: string; headers: Headers; secret: string; now?: number; toleranceMs?: number }): VerifyPayoutWebhookResult {
  const signed = verifySignedBody({ ...input, acceptSeconds: true });
  if (!signed.ok) return signed;
  const json = signed.json;
  const parsed = payoutEventSchema.safeParse(json);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: "bad_payload" };
}
