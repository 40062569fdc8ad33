import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DEFAULT_WEBHOOK_TOLERANCE_MS, signWebhook, WEBHOOK_HEADERS } from "./webhook";

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

export type PayoutWebhookRejection = "missing_headers" | "bad_timestamp" | "stale" | "future" | "bad_signature" | "bad_payload";

export type VerifyPayoutWebhookResult = { ok: true; event: PayoutWebhookEvent } | { ok: false; reason: PayoutWebhookRejection };

export function verifyPayoutWebhook(input: { rawBody: string; headers: Headers; secret: string; now?: number; toleranceMs?: number }): VerifyPayoutWebhookResult {
  if (!input.secret) throw new Error("verifyPayoutWebhook needs the Cashfree Payouts client secret");
  const signature = input.headers.get(WEBHOOK_HEADERS.signature)?.trim();
  const timestampText = input.headers.get(WEBHOOK_HEADERS.timestamp)?.trim();
  if (!signature || !timestampText) return { ok: false, reason: "missing_headers" };
  if (!/^\d{10,16}$/.test(timestampText)) return { ok: false, reason: "bad_timestamp" };
  // Cashfree sends milliseconds; a 10-digit value is seconds.
  const timestampMs = timestampText.length <= 10 ? Number(timestampText) * 1000 : Number(timestampText);
  const now = input.now ?? Date.now();
  const tolerance = input.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  if (now - timestampMs > tolerance) return { ok: false, reason: "stale" };
  if (timestampMs - now > tolerance) return { ok: false, reason: "future" };

  const expected = Buffer.from(signWebhook(input.secret, timestampText, input.rawBody), "utf8");
  const received = Buffer.from(signature, "utf8");
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, reason: "bad_signature" };

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
  const parsed = payoutEventSchema.safeParse(json);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: "bad_payload" };
}
