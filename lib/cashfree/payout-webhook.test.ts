import { describe, expect, it } from "vitest";
import { verifyPayoutWebhook } from "./payout-webhook";
import { signWebhook } from "./webhook";

// Known-answer vector, computed outside this code base with OpenSSL:
//   printf '%s' '<timestamp><body>' | openssl dgst -sha256 -hmac 'cf_payout_kat_secret' -binary | base64
const VECTOR = {
  secret: "cf_payout_kat_secret",
  timestamp: "1764570000123",
  body: '{"data":{"transfer_id":"po_0123456789abcdef01234567","cf_transfer_id":"1000001","status":"SUCCESS","status_code":"COMPLETED","transfer_amount":200.00,"transfer_utr":"UTR1000001"},"event_time":"2026-12-03T10:00:00.000Z","type":"TRANSFER_SUCCESS"}',
  signature: "3SFIlUamIntyv4NeDWcGSG59MJgEnkhrD0n2qYwkSas=",
} as const;

const headers = (over: Record<string, string> = {}) => new Headers({ "x-webhook-signature": VECTOR.signature, "x-webhook-timestamp": VECTOR.timestamp, ...over });
const now = Number(VECTOR.timestamp) + 1_000;

describe("verifyPayoutWebhook (Payouts V2: base64(HMAC-SHA256(timestamp + raw body)) with the payouts secret)", () => {
  it("accepts the OpenSSL vector and parses the transfer", () => {
    const verdict = verifyPayoutWebhook({ rawBody: VECTOR.body, headers: headers(), secret: VECTOR.secret, now });
    expect(verdict).toMatchObject({ ok: true, event: { type: "TRANSFER_SUCCESS", data: { transfer_id: "po_0123456789abcdef01234567", cf_transfer_id: "1000001", status: "SUCCESS", transfer_utr: "UTR1000001" } } });
  });

  it.each([
    ["one byte of the body changed", { rawBody: VECTOR.body.replace("200.00", "200.01") }, "bad_signature"],
    ["the re-serialised body (200.00 → 200)", { rawBody: JSON.stringify(JSON.parse(VECTOR.body)) }, "bad_signature"],
    ["the payments secret instead of the payouts one", { secret: "cf_payments_secret" }, "bad_signature"],
    ["no signature", { headers: new Headers({ "x-webhook-timestamp": VECTOR.timestamp }) }, "missing_headers"],
    ["a timestamp that is not a number", { headers: headers({ "x-webhook-timestamp": "yesterday" }) }, "bad_timestamp"],
    ["older than the window", { now: now + 10 * 60_000 }, "stale"],
    ["from the future", { now: now - 10 * 60_000 }, "future"],
  ])("refuses %s", (_, over, reason) => {
    const input = { rawBody: VECTOR.body, headers: headers(), secret: VECTOR.secret, now, ...over };
    expect(verifyPayoutWebhook(input)).toEqual({ ok: false, reason });
  });

  it("a signed body that is not a transfer event is bad_payload, not an exception", () => {
    for (const rawBody of ["not json", '{"type":"TRANSFER_SUCCESS","data":{"status":"SUCCESS"}}']) {
      const signed = headers({ "x-webhook-signature": signWebhook(VECTOR.secret, VECTOR.timestamp, rawBody) });
      expect(verifyPayoutWebhook({ rawBody, headers: signed, secret: VECTOR.secret, now })).toEqual({ ok: false, reason: "bad_payload" });
    }
  });
});
