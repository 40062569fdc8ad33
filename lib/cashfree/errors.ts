/** Base class so callers can catch every failure of the Cashfree client with one `instanceof`. */
export class CashfreeError extends Error {
  readonly requestId: string;

  constructor(message: string, requestId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CashfreeError";
    this.requestId = requestId;
  }
}

/** Cashfree answered with a non-2xx status. `code`/`type` come from its `{message, code, type}` body. */
export class CashfreeApiError extends CashfreeError {
  readonly status: number;
  readonly code: string;
  readonly type: string;

  constructor(args: { status: number; code: string; type: string; message: string; requestId: string }) {
    super(args.message, args.requestId);
    this.name = "CashfreeApiError";
    this.status = args.status;
    this.code = args.code;
    this.type = args.type;
  }
}

/** The request never got an HTTP answer (connection failure, timeout) after all retries. */
export class CashfreeNetworkError extends CashfreeError {
  readonly attempts: number;

  constructor(message: string, args: { requestId: string; attempts: number; cause?: unknown }) {
    super(message, args.requestId, { cause: args.cause });
    this.name = "CashfreeNetworkError";
    this.attempts = args.attempts;
  }
}

/** A 2xx answer whose body does not have the fields we rely on. */
export class CashfreeResponseError extends CashfreeError {
  readonly status: number;
  readonly issues: string[];

  constructor(message: string, args: { requestId: string; status: number; issues: string[] }) {
    super(message, args.requestId);
    this.name = "CashfreeResponseError";
    this.status = args.status;
    this.issues = args.issues;
  }
}
