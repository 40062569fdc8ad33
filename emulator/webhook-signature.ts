import { createHmac } from "node:crypto";

/**
 * The emulator's own Cashfree webhook signature, written from Cashfree's documentation rather than taken from
 * lib/: base64(HMAC-SHA256(secret, timestamp + rawBody)). Keeping it separate means a bug in lib's signer cannot
 * be mirrored here and go unnoticed; the known-answer vector in webhook-signature.test.ts pins both.
 */
export function cashfreeWebhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.concat([Buffer.from(timestamp, "utf8"), Buffer.from(rawBody, "utf8")]))
    .digest("base64");
}
