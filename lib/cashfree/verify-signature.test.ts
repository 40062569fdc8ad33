import { describe, expect, it } from "vitest";
import { signWebhook, verifySignedBody } from "./verify-signature";

const SECRET = "cf_test_secret";
const NOW_MS = 1_746_427_759_733;
const BODY = '{"type":"TRANSFER_SUCCESS","data":{"amount":170.00}}';

function headers(timestamp: string, signature = signWebhook(SECRET, timestamp, BODY)) {
  return new Headers({ "x-webhook-timestamp": timestamp, "x-webhook-signature": signature });
}

describe("verifySignedBody", () => {
  it("parses the raw body only after a valid signature inside the window", () => {
    const result = verifySignedBody({ rawBody: BODY, headers: headers(String(NOW_MS)), secret: SECRET, now: NOW_MS });
    expect(result).toEqual({ ok: true, json: { type: "TRANSFER_SUCCESS", data: { amount: 170 } }, timestampMs: NOW_MS });
  });

  it.each([
    ["a signature of other bytes", headers(String(NOW_MS), signWebhook(SECRET, String(NOW_MS), BODY + " ")), "bad_signature"],
    ["another secret's signature", headers(String(NOW_MS), signWebhook("other", String(NOW_MS), BODY)), "bad_signature"],
    ["a timestamp 6 minutes old", headers(String(NOW_MS - 360_000)), "stale"],
    ["a timestamp 6 minutes ahead", headers(String(NOW_MS + 360_000)), "future"],
    ["a timestamp that is not a number", headers("yesterday"), "bad_timestamp"],
    ["a seconds timestamp where only milliseconds are allowed", headers(String(Math.floor(NOW_MS / 1000))), "bad_timestamp"],
    ["no headers", new Headers(), "missing_headers"],
  ])("rejects %s", (_label, h, reason) => {
    expect(verifySignedBody({ rawBody: BODY, headers: h, secret: SECRET, now: NOW_MS })).toEqual({ ok: false, reason });
  });

  it("accepts a seconds timestamp when the product may send one", () => {
    const seconds = String(Math.floor(NOW_MS / 1000));
    const result = verifySignedBody({ rawBody: BODY, headers: headers(seconds), secret: SECRET, now: NOW_MS, acceptSeconds: true });
    expect(result).toMatchObject({ ok: true, timestampMs: Number(seconds) * 1000 });
  });

  it("rejects a correctly signed body that is not JSON", () => {
    const raw = "not json";
    const h = new Headers({ "x-webhook-timestamp": String(NOW_MS), "x-webhook-signature": signWebhook(SECRET, String(NOW_MS), raw) });
    expect(verifySignedBody({ rawBody: raw, headers: h, secret: SECRET, now: NOW_MS })).toEqual({ ok: false, reason: "bad_payload" });
  });
});
