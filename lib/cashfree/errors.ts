/** The kinds an error is (its class and every base class), under a registry symbol every copy of this module shares. */
const KINDS = Symbol.for("khata.cashfree-error.kinds");

/**
 * Base class so callers can catch every failure of the Cashfree client with one `instanceof`. `instanceof` goes
 * by kind, not by class identity: the process's client is shared through globalThis (lib/orders/cashfree-client.ts)
 * and, under `next start`, may have been built by another bundle's copy of this module (the in-process job runner's,
 * from instrumentation) whose classes are other objects. Plain `instanceof` then failed in routes: a Create Plan
 * 409 ("already exists") that start-subscription treats as done escaped as a 500 (renewal e2e, CI 2026-12-04).
 */
export class CashfreeError extends Error {
  static readonly kind: string = "CashfreeError";
  readonly requestId: string;
  declare readonly [KINDS]: string[];

  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  constructor(message: string, requestId: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CashfreeError";
    this.requestId = requestId;
    // Every class from this one down to new.target's: an instance "is" each of them, in any copy of the module.
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && "kind" in c; c = Object.getPrototypeOf(c)) {
      if (Object.prototype.hasOwnProperty.call(c, "kind")) kinds.push((c as { kind: string }).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }
}

/** Cashfree answered with a non-2xx status. `code`/`type` come from its `{message, code, type}` body. */
export class CashfreeApiError extends CashfreeError {
  static override readonly kind: string = "CashfreeApiError";
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
  static override readonly kind: string = "CashfreeNetworkError";
  readonly attempts: number;

  constructor(message: string, args: { requestId: string; attempts: number; cause?: unknown }) {
    super(message, args.requestId, { cause: args.cause });
    this.name = "CashfreeNetworkError";
    this.attempts = args.attempts;
  }
}

/** A 2xx answer whose body does not have the fields we rely on. */
export class CashfreeResponseError extends CashfreeError {
  static override readonly kind: string = "CashfreeResponseError";
  readonly status: number;
  readonly issues: string[];

  constructor(message: string, args: { requestId: string; status: number; issues: string[] }) {
    super(message, args.requestId);
    this.name = "CashfreeResponseError";
    this.status = args.status;
    this.issues = args.issues;
  }
}
