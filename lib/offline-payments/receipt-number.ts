import { getEnv } from "@/lib/config/env";

/** Receipt numbers are printed and quoted like invoice numbers: at most 16 characters (CGST Rule 46(b) style). */
export const RECEIPT_NUMBER_MAX_LENGTH = 16;

export class ReceiptNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReceiptNumberError";
  }
}

export interface ReceiptParts {
  prefix: string;
  suffix: string;
}

/** FY code `"2627"` → `"/26-27"`, the default suffix. */
export function defaultReceiptSuffix(fy: string): string {
  if (!/^\d{4}$/.test(fy)) throw new ReceiptNumberError(`Invalid financial-year code ${JSON.stringify(fy)}`);
  return `/${fy.slice(0, 2)}-${fy.slice(2)}`;
}

/** The configured prefix and suffix (RCPT_PREFIX, RCPT_SUFFIX) for a receipt of financial year `fy`. */
export function receiptPartsFor(fy: string, env: { RCPT_PREFIX: string; RCPT_SUFFIX?: string } = getEnv()): ReceiptParts {
  return { prefix: env.RCPT_PREFIX, suffix: env.RCPT_SUFFIX ?? defaultReceiptSuffix(fy) };
}

/**
 * `RCPT/` + 17 + `/26-27` → `RCPT/17/26-27`. The sequence is printed without padding (seed 003's receipt number is
 * "numerical digits", filtered as a number). Throws when the result would exceed 16 characters: the caller's
 * transaction rolls back, so the counter never skips.
 */
export function formatReceiptNumber(parts: ReceiptParts, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new ReceiptNumberError(`Invalid receipt sequence ${seq}`);
  const out = `${parts.prefix}${seq}${parts.suffix}`;
  if (out.length > RECEIPT_NUMBER_MAX_LENGTH) throw new ReceiptNumberError(`Receipt number ${out} exceeds ${RECEIPT_NUMBER_MAX_LENGTH} characters`);
  return out;
}
