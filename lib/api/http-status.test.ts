import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { HTTP_STATUS_BY_CODE, httpStatusOf } from "./http-status";
import { errorResponse } from "./steps/map-error";

describe("error codes → HTTP", () => {
  it.each([
    ["invalid_request", 400],
    ["billing_profile_incomplete", 400],
    ["unauthorized", 401],
    ["insufficient_balance", 402],
    ["csrf_rejected", 403],
    ["not_found", 404],
    ["method_not_allowed", 405],
    ["conflict", 409],
    ["payload_too_large", 413],
    ["idempotency_key_reused", 422],
    ["rate_limit_exceeded", 429],
    ["payment_provider_error", 502],
  ] as const)("%s → %i", (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });

  it("maps every code to a 4xx or 5xx", () => {
    for (const status of Object.values(HTTP_STATUS_BY_CODE)) expect(status >= 400 && status < 600).toBe(true);
  });

  it("the adapter writes the envelope with the mapped status, and Retry-After from the error", async () => {
    const response = errorResponse(new AppError("idempotency_key_in_use", "Still running.", { retryAfterSeconds: 1, details: { n: 2n } }), "req-9");
    expect(response.status).toBe(409);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.headers.get("x-request-id")).toBe("req-9");
    expect(await response.json()).toMatchObject({ success: false, error: { code: "idempotency_key_in_use", status: 409, request_id: "req-9", details: { n: 2 } } });
  });
});
