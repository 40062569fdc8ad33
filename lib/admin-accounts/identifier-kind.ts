import { GSTIN_REGEX } from "@/lib/gst/gstin";

/**
 * What an operator typed into the account search, read from its shape: each kind names the one indexed lookup
 * that can answer it. Shapes that could be several things (a bare number: Cashfree's order id or a receipt) list
 * every exact lookup they could be; free text is a name or part of an email (trigram index).
 */
export type IdentifierKind =
  | "account_id"
  | "order_id"
  | "cf_order_id"
  | "email"
  | "gstin"
  | "invoice_number"
  | "credit_note_number"
  | "receipt_number"
  | "name";

export interface NumberPrefixes {
  invoicePrefix: string;
  creditNotePrefix: string;
}

const GSTIN_RE = GSTIN_REGEX;
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const KHATA_ORDER_RE = /^cm_[0-9a-f]{16}$/;
const ACCOUNT_RE = /^acc_[A-Za-z0-9_]{4,64}$/;
/** Receipts (`RCPT/17/26-27`) and Cashfree ids: one token of letters, digits, `/` `-` `_`, with a digit. */
const TOKEN_RE = /^[A-Za-z0-9/_-]{1,64}$/;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function identifierKinds(raw: string, prefixes: NumberPrefixes): IdentifierKind[] {
  const q = raw.trim();
  if (EMAIL_RE.test(q)) return ["email"];
  if (ACCOUNT_RE.test(q)) return ["account_id"];
  if (KHATA_ORDER_RE.test(q)) return ["order_id"];
  const upper = q.toUpperCase();
  if (GSTIN_RE.test(upper)) return ["gstin"];
  if (new RegExp(`^${escapeRe(prefixes.invoicePrefix)}-\\d{4}-\\d{6,}$`).test(upper)) return ["invoice_number"];
  if (new RegExp(`^${escapeRe(prefixes.creditNotePrefix)}-\\d{4}-\\d{6,}$`).test(upper)) return ["credit_note_number"];
  if (/^\d+$/.test(q)) return ["cf_order_id", "receipt_number"];
  if (TOKEN_RE.test(q) && /\d/.test(q)) {
    // A receipt carries a `/` or its configured prefix; Cashfree's ids and a typed order id do not need one.
    return q.includes("/") ? ["receipt_number"] : ["cf_order_id", "order_id", "receipt_number", "name"];
  }
  return ["name"];
}
