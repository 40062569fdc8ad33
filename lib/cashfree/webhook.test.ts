import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./webhook";

const SECRET = "cf_test_secret";
const NOW_MS = 1_746_427_759_733;
const MINUTE_MS = 60_000;

// Hand-written like Cashfree sends it: the decimals in "170.00" are part of the signed bytes.
const RAW_SUCCESS_BODY =
  '{"data":{"order":{"order_id":"order_OFR_2","order_amount":170.00,"order_currency":"INR","order_tags":null},' +
  '"payment":{"cf_payment_id":1453002795,"payment_status":"SUCCESS","payment_amount":170.00,"payment_currency":"INR",' +
  '"payment_message":"00::Transaction success","payment_time":"2025-01-15T12:20:29+05:30","bank_reference":"234928698581",' +
  '"auth_id":null,"payment_method":{"upi":{"channel":"collect","upi_id":"rishab@ybl"}},"payment_group":"upi"},' +
  '"customer_details":{"customer_name":null,"customer_id":"7112AAA812234","customer_email":"test@gmail.com","customer_phone":"9908734801"},' +
  '"payment_gateway_details":{"gateway_name":"CASHFREE"},"payment_offers":null},' +
  '"event_time":"2025-01-15T11:16:10+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}';

function headersFor(rawBody: string, overrides: Record<string, string | undefined> = {}, timestampMs = NOW_MS) {
  return {
    "x-webhook-signature": signWebhook(SECRET, timestampMs, rawBody),
    "x-webhook-timestamp": String(timestampMs),
    "x-webhook-version": "2025-01-01",
    "x-webhook-attempt": "1",
    "x-idempotency-key": "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc=",
    ...overrides,
  };
}

function verify(rawBody: string, headers: Record<string, string | undefined>, secret = SECRET) {
  return verifyWebhook({ rawBody, headers, secret, now: NOW_MS });
}

describe("verifyWebhook", () => {
  it("accepts the raw body with 170.00 and normalises cf_payment_id to a string", () => {
    const result = verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.kind).toBe("payment");
    if (result.event.kind !== "payment") return;
    expect(result.event.type).toBe("PAYMENT_SUCCESS_WEBHOOK");
    expect(result.event.data.payment.cf_payment_id).toBe("1453002795");
    expect(result.event.data.payment.payment_amount).toBe(170);
    expect(result.meta).toEqual({
      timestampMs: NOW_MS,
      version: "2025-01-01",
      attempt: 1,
      idempotencyKey: "n9rn7079wqXcse3GEDEXCYle9ajXmU0SUQY8zrUNAlc=",
    });
  });

  it("rejects the same body re-serialised via JSON.parse/stringify (170.00 becomes 170)", () => {
    const reserialised = JSON.stringify(JSON.parse(RAW_SUCCESS_BODY));
    expect(reserialised).toContain('"payment_amount":170,');
    expect(verify(reserialised, headersFor(RAW_SUCCESS_BODY))).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("accepts a Headers instance", () => {
    const result = verifyWebhook({
      rawBody: RAW_SUCCESS_BODY,
      headers: new Headers(headersFor(RAW_SUCCESS_BODY) as Record<string, string>),
      secret: SECRET,
      now: NOW_MS,
    });
    expect(result.ok).toBe(true);
  });

  it("reads record headers case-insensitively", () => {
    const headers = Object.fromEntries(Object.entries(headersFor(RAW_SUCCESS_BODY)).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verify(RAW_SUCCESS_BODY, headers).ok).toBe(true);
  });

  it("rejects a timestamp in seconds as bad_timestamp even when correctly signed", () => {
    const seconds = Math.floor(NOW_MS / 1000);
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, {}, seconds))).toEqual({ ok: false, reason: "bad_timestamp" });
  });

  it.each(["abc", "1.7e12", "-1746427759733", "17464277597.33"])("rejects non-integer timestamp %s", (timestamp) => {
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, { "x-webhook-timestamp": timestamp }))).toEqual({
      ok: false,
      reason: "bad_timestamp",
    });
  });

  it("rejects a webhook signed 6 minutes ago as stale", () => {
    const old = NOW_MS - 6 * MINUTE_MS;
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, {}, old))).toEqual({ ok: false, reason: "stale" });
  });

  it("rejects a webhook 6 minutes in the future", () => {
    const future = NOW_MS + 6 * MINUTE_MS;
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, {}, future))).toEqual({ ok: false, reason: "future" });
  });

  it("accepts 4 minutes of skew either way", () => {
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, {}, NOW_MS - 4 * MINUTE_MS)).ok).toBe(true);
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, {}, NOW_MS + 4 * MINUTE_MS)).ok).toBe(true);
  });

  it.each(["x-webhook-signature", "x-webhook-timestamp", "x-webhook-version"])("rejects when %s is missing", (name) => {
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, { [name]: undefined }))).toEqual({
      ok: false,
      reason: "missing_headers",
    });
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY, { [name]: "  " }))).toEqual({
      ok: false,
      reason: "missing_headers",
    });
  });

  it("rejects a signature made with another secret", () => {
    const headers = headersFor(RAW_SUCCESS_BODY, { "x-webhook-signature": signWebhook("other", NOW_MS, RAW_SUCCESS_BODY) });
    expect(verify(RAW_SUCCESS_BODY, headers)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verify(RAW_SUCCESS_BODY, headersFor(RAW_SUCCESS_BODY), "wrong-secret")).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a truncated signature without throwing", () => {
    const signature = signWebhook(SECRET, NOW_MS, RAW_SUCCESS_BODY);
    const headers = headersFor(RAW_SUCCESS_BODY, { "x-webhook-signature": signature.slice(0, -4) });
    expect(verify(RAW_SUCCESS_BODY, headers)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it.each(["not base64 at all!!", "%%%%", "ü".repeat(44), "A".repeat(1000)])("rejects garbage signature %#", (garbage) => {
    const headers = headersFor(RAW_SUCCESS_BODY, { "x-webhook-signature": garbage });
    expect(verify(RAW_SUCCESS_BODY, headers)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a signature over a different timestamp than the header", () => {
    const headers = headersFor(RAW_SUCCESS_BODY, { "x-webhook-timestamp": String(NOW_MS + 1) });
    expect(verify(RAW_SUCCESS_BODY, headers)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects correctly signed non-JSON and wrongly shaped known events as bad_payload", () => {
    const notJson = "not json";
    expect(verify(notJson, headersFor(notJson))).toEqual({ ok: false, reason: "bad_payload" });
    const missingPayment = '{"data":{"order":{"order_id":"o1","order_amount":1,"order_currency":"INR"}},"event_time":"x","type":"PAYMENT_SUCCESS_WEBHOOK"}';
    expect(verify(missingPayment, headersFor(missingPayment))).toEqual({ ok: false, reason: "bad_payload" });
  });

  it("rejects an unsupported x-webhook-version as bad_payload", () => {
    const headers = headersFor(RAW_SUCCESS_BODY, { "x-webhook-version": "2099-01-01" });
    expect(verify(RAW_SUCCESS_BODY, headers)).toEqual({ ok: false, reason: "bad_payload" });
  });

  it("accepts the 2023-08-01 version with a numeric cf_payment_id", () => {
    const body =
      '{"data":{"order":{"order_id":"order_02","order_amount":2,"order_currency":"INR","order_tags":null},' +
      '"payment":{"cf_payment_id":975672265,"payment_status":"USER_DROPPED","payment_amount":2,"payment_currency":"INR",' +
      '"payment_message":"User dropped","payment_time":"2022-05-25T14:25:34+05:30","bank_reference":"1803592531","auth_id":"2980",' +
      '"payment_method":{"netbanking":{"channel":null,"netbanking_bank_code":"3044"}},"payment_group":"net_banking"},' +
      '"customer_details":{"customer_name":null,"customer_id":"7112AAA812234","customer_email":"test@gmail.com","customer_phone":"9611199227"}},' +
      '"event_time":"2022-05-25T14:35:38+05:30","type":"PAYMENT_USER_DROPPED_WEBHOOK"}';
    const result = verify(body, headersFor(body, { "x-webhook-version": "2023-08-01" }));
    expect(result.ok && result.event.kind === "payment" && result.event.data.payment.cf_payment_id).toBe("975672265");
    expect(result.ok && result.event.kind === "payment" && result.event.type).toBe("PAYMENT_USER_DROPPED_WEBHOOK");
  });

  it("types refund and dispute events", () => {
    const refund =
      '{"data":{"refund":{"cf_refund_id":11325632,"cf_payment_id":789727431,"refund_id":"refund_1","order_id":"o_1",' +
      '"refund_amount":2.00,"refund_currency":"INR","entity":"Refund","refund_status":"SUCCESS","refund_arn":"205907016017",' +
      '"created_at":"2022-02-28T12:54:25+05:30","processed_at":"2022-02-28T13:04:27+05:30"}},' +
      '"event_time":"2022-02-28T13:04:28+05:30","type":"REFUND_STATUS_WEBHOOK"}';
    const refundResult = verify(refund, headersFor(refund));
    expect(refundResult.ok && refundResult.event.kind === "refund" && refundResult.event.data.cf_refund_id).toBe("11325632");

    const dispute =
      '{"data":{"dispute":{"dispute_id":"433475258","dispute_type":"DISPUTE","reason_code":"1402","dispute_amount":3,' +
      '"dispute_status":"DISPUTE_CREATED","created_at":"2023-06-15T21:49:48+05:30"},' +
      '"order_details":{"order_id":"order_1","order_amount":3,"order_currency":"INR","cf_payment_id":885473311,"payment_amount":3,"payment_currency":"INR"},' +
      '"customer_details":{"customer_name":"D","customer_phone":"8000000000","customer_email":"d@example.com"}},' +
      '"event_time":"2023-06-15T21:50:04+05:30","type":"DISPUTE_CREATED"}';
    const disputeResult = verify(dispute, headersFor(dispute));
    expect(disputeResult.ok && disputeResult.event.kind === "dispute" && disputeResult.event.data.order_details.cf_payment_id).toBe(
      "885473311",
    );
  });

  it("acknowledges unknown event types as kind unknown", () => {
    const body = '{"data":{"x":1},"event_time":"2025-01-15T11:16:10+05:30","type":"SOMETHING_NEW_WEBHOOK"}';
    const result = verify(body, headersFor(body));
    expect(result).toMatchObject({ ok: true, event: { kind: "unknown", type: "SOMETHING_NEW_WEBHOOK", raw: JSON.parse(body) } });
  });
});

describe("signWebhook", () => {
  it("is base64 HMAC-SHA256 over timestamp + raw body", () => {
    expect(signWebhook("secret", 1, "{}")).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(signWebhook("secret", 1, "{}")).toBe(signWebhook("secret", "1", "{}"));
    expect(signWebhook("secret", 1, "{}")).not.toBe(signWebhook("secret", 1, "{} "));
  });
});
