import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "../lib/cashfree/webhook";
import { cashfreeWebhookSignature } from "./webhook-signature";

// Known-answer vector, computed outside this code base with OpenSSL:
//   printf '%s' '1764570000123{"data":{"order":{"order_id":"cm_0123456789abcdef","order_amount":5000.00,"order_currency":"INR"}},"type":"PAYMENT_SUCCESS_WEBHOOK","note":"₹ paid"}' \
//     | openssl dgst -sha256 -hmac 'cf_kat_secret_2026' -binary | base64
const VECTOR = {
  secret: "cf_kat_secret_2026",
  timestamp: "1764570000123",
  body: '{"data":{"order":{"order_id":"cm_0123456789abcdef","order_amount":5000.00,"order_currency":"INR"}},"type":"PAYMENT_SUCCESS_WEBHOOK","note":"₹ paid"}',
  signature: "fUqqV/bb+8HWz6GbDujjIZomVwHb5EuccEObz8pt9Eo=",
} as const;

describe("Cashfree webhook signature: known-answer vector", () => {
  it("the emulator's signer produces the OpenSSL answer", () => {
    expect(cashfreeWebhookSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("lib's signer produces the OpenSSL answer", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signWebhook(VECTOR.secret, Number(VECTOR.timestamp), VECTOR.body)).toBe(VECTOR.signature);
  });

  it("lib's verifier accepts the vector and refuses it with one byte changed", () => {
    const headers = (signature: string) => ({
      "x-webhook-signature": signature,
      "x-webhook-timestamp": VECTOR.timestamp,
      "x-webhook-version": "2025-01-01",
    });
    const now = Number(VECTOR.timestamp) + 1_000;
    const verdict = verifyWebhook({ rawBody: VECTOR.body, headers: headers(VECTOR.signature), secret: VECTOR.secret, now });
    // The signature passes; the vector is not a full payment event, so the verifier goes on to refuse the payload.
    expect(verdict).toEqual({ ok: false, reason: "bad_payload" });
    const tampered = verifyWebhook({ rawBody: VECTOR.body.replace("5000.00", "5000.01"), headers: headers(VECTOR.signature), secret: VECTOR.secret, now });
    expect(tampered).toEqual({ ok: false, reason: "bad_signature" });
    const wrongSecret = verifyWebhook({ rawBody: VECTOR.body, headers: headers(VECTOR.signature), secret: "cf_other_secret", now });
    expect(wrongSecret).toEqual({ ok: false, reason: "bad_signature" });
  });
});
