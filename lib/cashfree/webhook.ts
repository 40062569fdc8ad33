import { createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_VERSIONS, parseWebhookEvent, type CashfreeWebhookEvent, type WebhookVersion } from "./webhook-events";

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

export type WebhookRejection = "missing_headers" | "bad_timestamp" | "stale" | "future" | "bad_signature" | "bad_payload";

export type WebhookMeta = {
  timestampMs: number;
  version: WebhookVersion;
  attempt: number | null;
  /** Stable across redeliveries of one event: use it (with the event's ids) to deduplicate. */
  idempotencyKey: string | null;
};

export type VerifyWebhookResult =
  | { ok: true; event: CashfreeWebhookEvent; meta: WebhookMeta }
  | { ok: false; reason: WebhookRejection };

export type VerifyWebhookInput = {
  /** The request body exactly as received. Re-serialised JSON will not verify (170.00 ≠ 170). */
  rawBody: string;
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The Cashfree client secret. */
  secret: string;
  now?: number;
  toleranceMs?: number;
};

/** base64(HMAC-SHA256(secret, timestamp + rawBody)), as Cashfree signs webhooks. */
export function signWebhook(secret: string, timestampMs: number | string, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}${rawBody}`, "utf8").digest("base64");
}

export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const signature = readHeader(input.headers, WEBHOOK_HEADERS.signature);
  const timestampText = readHeader(input.headers, WEBHOOK_HEADERS.timestamp);
  const versionText = readHeader(input.headers, WEBHOOK_HEADERS.version);
  if (!signature || !timestampText || !versionText) return { ok: false, reason: "missing_headers" };
  if (!input.secret) throw new Error("verifyWebhook needs the Cashfree client secret");

  if (!/^\d{1,16}$/.test(timestampText)) return { ok: false, reason: "bad_timestamp" };
  const timestampMs = Number(timestampText);
  if (timestampMs < MIN_MILLISECOND_TIMESTAMP) return { ok: false, reason: "bad_timestamp" };

  const now = input.now ?? Date.now();
  const toleranceMs = input.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  if (now - timestampMs > toleranceMs) return { ok: false, reason: "stale" };
  if (timestampMs - now > toleranceMs) return { ok: false, reason: "future" };

  // Signing the header text (not the parsed number) keeps us byte-exact with the sender.
  const expected = Buffer.from(signWebhook(input.secret, timestampText, input.rawBody), "utf8");
  const received = Buffer.from(signature, "utf8");
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: "bad_signature" };
  }

  if (!isOneOf(WEBHOOK_VERSIONS, versionText)) return { ok: false, reason: "bad_payload" };
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { ok: false, reason: "bad_payload" };
  }
  const event = parseWebhookEvent(json, versionText);
  if (!event) return { ok: false, reason: "bad_payload" };

  const attemptText = readHeader(input.headers, WEBHOOK_HEADERS.attempt);
  const attempt = attemptText && /^\d+$/.test(attemptText) ? Number(attemptText) : null;
  return {
    ok: true,
    event,
    meta: {
      timestampMs,
      version: versionText,
      attempt,
      idempotencyKey: readHeader(input.headers, WEBHOOK_HEADERS.idempotencyKey) ?? null,
    },
  };
}

function readHeader(headers: VerifyWebhookInput["headers"], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name)?.trim() || undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = first?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
