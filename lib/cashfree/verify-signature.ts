import { createHmac, timingSafeEqual } from "node:crypto";

export const WEBHOOK_HEADERS = {
  signature: "x-webhook-signature",
  timestamp: "x-webhook-timestamp",
  version: "x-webhook-version",
  attempt: "x-webhook-attempt",
  idempotencyKey: "x-idempotency-key",
} as const;

export const DEFAULT_WEBHOOK_TOLERANCE_MS = 300_000;
// Millisecond epochs have been 13 digits since 2001; anything below this is a seconds timestamp.
const MIN_MILLISECOND_TIMESTAMP = 1e11;

export type SignatureRejection = "missing_headers" | "bad_timestamp" | "stale" | "future" | "bad_signature" | "bad_payload";

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export type VerifySignatureInput = {
  /** The request body exactly as received. Re-serialised JSON will not verify (170.00 ≠ 170). */
  rawBody: string;
  headers: HeaderBag;
  secret: string;
  now?: number;
  toleranceMs?: number;
  /** Payouts and Subscriptions webhooks may carry a 10-digit seconds timestamp; the Payment Gateway's never does. */
  acceptSeconds?: boolean;
};

export type VerifySignatureResult = { ok: true; json: unknown; timestampMs: number } | { ok: false; reason: SignatureRejection };

/** base64(HMAC-SHA256(secret, timestamp + rawBody)), as Cashfree signs every webhook (payments, payouts, subscriptions). */
export function signWebhook(secret: string, timestampMs: number | string, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}${rawBody}`, "utf8").digest("base64");
}

/**
 * The one check every Cashfree webhook passes before anything reads it: signature and timestamp headers present,
 * timestamp inside the replay window, base64(HMAC-SHA256(secret, timestamp + rawBody)) compared in constant time,
 * and only then JSON-parsed. Each product's verifier validates the parsed shape.
 */
export function verifySignedBody(input: VerifySignatureInput): VerifySignatureResult {
  const signature = readHeader(input.headers, WEBHOOK_HEADERS.signature);
  const timestampText = readHeader(input.headers, WEBHOOK_HEADERS.timestamp);
  if (!signature || !timestampText) return { ok: false, reason: "missing_headers" };
  if (!input.secret) throw new Error("verifying a Cashfree webhook needs its client secret");

  if (!/^\d{10,16}$/.test(timestampText)) return { ok: false, reason: "bad_timestamp" };
  const seconds = Number(timestampText) < MIN_MILLISECOND_TIMESTAMP;
  if (seconds && !input.acceptSeconds) return { ok: false, reason: "bad_timestamp" };
  const timestampMs = seconds ? Number(timestampText) * 1000 : Number(timestampText);

  const now = input.now ?? Date.now();
  const toleranceMs = input.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  if (now - timestampMs > toleranceMs) return { ok: false, reason: "stale" };
  if (timestampMs - now > toleranceMs) return { ok: false, reason: "future" };

  // Signing the header text (not the parsed number) keeps us byte-exact with the sender.
  const expected = Buffer.from(signWebhook(input.secret, timestampText, input.rawBody), "utf8");
  const received = Buffer.from(signature, "utf8");
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, reason: "bad_signature" };

  try {
    return { ok: true, json: JSON.parse(input.rawBody), timestampMs };
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
}

export function readHeader(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name)?.trim() || undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = first?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}
