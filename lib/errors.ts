/**
 * Typed errors thrown by services. Transport-free: `code` is a stable snake_case identifier clients can switch
 * on, and the HTTP adapter (`lib/api/http-status.ts`) maps each code to its status; `details` carries the numbers
 * a caller needs (never secrets).
 */
export type ErrorCode =
  | "missing_fields"
  | "invalid_request"
  | "invalid_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unauthorized"
  | "invalid_api_key"
  | "api_key_not_allowed"
  | "session_required"
  | "insufficient_permissions"
  | "csrf_rejected"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "email_taken"
  | "password_not_set"
  | "invalid_current_password"
  | "last_owner"
  | "invitation_invalid"
  | "invitation_expired"
  | "invitation_email_mismatch"
  | "email_unverified"
  | "no_account"
  | "rate_limit_exceeded"
  | "too_many_requests"
  | "request_aborted"
  | "idempotency_key_reused"
  | "idempotency_key_in_use"
  | "invalid_idempotency_key"
  | "billing_profile_incomplete"
  | "plan_not_upgradable"
  | "order_not_retryable"
  | "order_already_paid"
  /** Order Pay: the order cannot take a payment now (expired, closed, replaced); start a new one. */
  | "order_not_payable"
  /** Order Pay: Cashfree refused the method for this merchant account; `details.fallback` is "hosted_checkout". */
  | "payment_method_not_enabled"
  /** Order Pay: Cashfree refused the payment method object (e.g. a UPI id or bank it does not know). */
  | "payment_method_rejected"
  /** Seed 001: a pay-in's caller reference (its order id) was used before in this account. */
  | "duplicate_order_id"
  | "order_not_flagged"
  | "cashfree_not_paid"
  | "payment_amount_mismatch"
  | "job_not_failed"
  | "job_running"
  | "insufficient_balance"
  | "budget_exceeded"
  | "coupon_not_found"
  | "coupon_expired"
  | "coupon_exhausted"
  | "coupon_already_redeemed"
  | "coupon_disabled"
  | "coupon_code_taken"
  | "refund_not_allowed"
  | "refund_exceeds_refundable"
  | "refund_not_requested"
  | "payout_not_requested"
  | "payout_needs_another_operator"
  | "payment_provider_error"
  | "invalid_signature"
  | "account_suspended"
  | "service_unavailable"
  | "database_error"
  | "internal_error";

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  /** The caller may retry after this many seconds (a rate limit, a request still in flight). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what = "Record") => new AppError("not_found", `${what} does not exist.`);
export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError("invalid_request", message, { details });
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new AppError(code, message, { details });
