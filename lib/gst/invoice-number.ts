/**
 * GST invoice numbers: `${prefix}-${fy}-${seq:06}` e.g. `KH-2627-000001`.
 *
 * Rule 46(b) CGST Rules: a consecutive serial number, unique for the financial year, at most
 * 16 characters, containing only letters, digits, hyphen "-" and slash "/". We restrict further to
 * `[A-Z0-9-]` and embed the FY so numbering restarts each April without collisions.
 */
import { z } from "zod";

export const DEFAULT_INVOICE_PREFIX = "KH";
export const INVOICE_NUMBER_MAX_LENGTH = 16;
export const INVOICE_SEQ_MIN_DIGITS = 6;

export class InvoiceNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvoiceNumberError";
  }
}

const PREFIX_RE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
const FY_RE = /^\d{4}$/;
// Greedy prefix, then FY, then ≥6-digit sequence, anchored at the end.
const INVOICE_NUMBER_RE = /^([A-Z0-9]+(?:-[A-Z0-9]+)*)-(\d{4})-(\d{6,})$/;

/** "2627" is valid (26 → 27); "2628" and "9900"→ok (99 → 00). */
export function isValidFyCode(fy: string): boolean {
  if (!FY_RE.test(fy)) return false;
  const start = Number(fy.slice(0, 2));
  const end = Number(fy.slice(2));
  return (start + 1) % 100 === end;
}

export type ParsedInvoiceNumber = { prefix: string; fy: string; seq: number };

/**
 * `formatInvoiceNumber("2627", 1)` → `"KH-2627-000001"`. Throws {@link InvoiceNumberError} when the
 * FY code is malformed, seq is not a positive safe integer, the prefix has characters outside
 * `[A-Z0-9-]`, or the result would exceed 16 characters.
 */
export function formatInvoiceNumber(fy: string, seq: number, options: { prefix?: string } = {}): string {
  const prefix = options.prefix ?? DEFAULT_INVOICE_PREFIX;
  if (!PREFIX_RE.test(prefix)) throw new InvoiceNumberError(`Invalid invoice prefix ${JSON.stringify(prefix)}`);
  if (!isValidFyCode(fy)) throw new InvoiceNumberError(`Invalid financial-year code ${JSON.stringify(fy)}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new InvoiceNumberError(`Invalid invoice sequence ${seq}`);
  const out = `${prefix}-${fy}-${String(seq).padStart(INVOICE_SEQ_MIN_DIGITS, "0")}`;
  if (out.length > INVOICE_NUMBER_MAX_LENGTH) {
    throw new InvoiceNumberError(`Invoice number ${out} exceeds ${INVOICE_NUMBER_MAX_LENGTH} characters`);
  }
  return out;
}

/** Inverse of {@link formatInvoiceNumber}; `null` for anything it could not have produced. */
export function parseInvoiceNumber(value: string): ParsedInvoiceNumber | null {
  if (value.length > INVOICE_NUMBER_MAX_LENGTH) return null;
  const m = INVOICE_NUMBER_RE.exec(value);
  if (!m) return null;
  const [, prefix, fy, seqStr] = m;
  if (prefix === undefined || fy === undefined || seqStr === undefined) return null;
  if (!isValidFyCode(fy)) return null;
  const seq = Number(seqStr);
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  // Reject non-canonical forms (e.g. 7-digit zero padding) so format(parse(x)) === x.
  if (String(seq).padStart(INVOICE_SEQ_MIN_DIGITS, "0") !== seqStr) return null;
  return { prefix, fy, seq };
}

/** zod schema for a canonical invoice number (any valid prefix). */
export const invoiceNumberSchema = z
  .string()
  .max(INVOICE_NUMBER_MAX_LENGTH)
  .regex(/^[A-Z0-9-]+$/, "Only A-Z, 0-9 and '-' are allowed")
  .refine((v) => parseInvoiceNumber(v) !== null, { message: "Not a valid invoice number (PREFIX-FYFY-NNNNNN)" });
