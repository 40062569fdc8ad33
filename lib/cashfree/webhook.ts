import { WEBHOOK_VERSIONS, parseWebhookEvent, type CashfreeWebhookEvent, type WebhookVersion } from "./webhook-events";
import { readHeader, verifySignedBody, WEBHOOK_HEADERS, type HeaderBag, type SignatureRejection } from "./verify-signature";

export { DEFAULT_WEBHOOK_TOLERANCE_MS, signWebhook, WEBHOOK_HEADERS } from "./verify-signature";

export type WebhookRejection = SignatureRejection;

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
  headers: HeaderBag;
  /** The Cashfree client secret. */
  secret: string;
  now?: number;
  toleranceMs?: number;
};

export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const versionText = readHeader(input.headers, WEBHOOK_HEADERS.version);
  if (!versionText) return { ok: false, reason: "missing_headers" };
  const signed = verifySignedBody(input);
  if (!signed.ok) return signed;

  if (!isOneOf(WEBHOOK_VERSIONS, versionText)) return { ok: false, reason: "bad_payload" };
  const event = parseWebhookEvent(signed.json, versionText);
  if (!event) return { ok: false, reason: "bad_payload" };
  const timestampMs = signed.timestampMs;

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

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
