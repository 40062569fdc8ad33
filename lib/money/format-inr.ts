/**
 * Indian-rupee formatting and exact parsing.
 *
 * Money is always integer PAISE as `bigint`. Nothing in this file touches a float:
 * formatting works on the decimal digits of the bigint, parsing works on the digits
 * of the input string.
 */

/** Group a string of decimal digits in the Indian style: last 3 digits, then pairs (12,34,56,789). */
function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  let rest = digits.slice(0, -3);
  const pairs: string[] = [];
  while (rest.length > 2) {
    pairs.unshift(rest.slice(-2));
    rest = rest.slice(0, -2);
  }
  if (rest.length > 0) pairs.unshift(rest);
  return `${pairs.join(",")},${last3}`;
}

/** `123456789n` → `"₹12,34,567.89"`; `-500n` → `"-₹5.00"`. */
/** Integer paise → rupees as a JSON number (`500000n` → `5000`, `99999n` → `999.99`): for API fields and payloads only. */
export function paiseToRupees(paise: bigint): number {
  return Number(paise) / 100;
}

export function formatInr(paise: bigint): string {
  const negative = paise < 0n;
  const abs = negative ? -paise : paise;
  const rupees = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}₹${groupIndian(rupees.toString())}.${fraction}`;
}

/** Same as {@link formatInr} but without the ₹ sign: `"12,34,567.89"`. Used inside tables with a ₹ header. */
export function formatInrPlain(paise: bigint): string {
  const s = formatInr(paise);
  return s.replace("₹", "");
}

/** Integer count with Indian grouping: `100000n` → `"1,00,000"`, `-1234n` → `"-1,234"`. */
export function formatCredits(credits: bigint): string {
  const negative = credits < 0n;
  const abs = negative ? -credits : credits;
  return `${negative ? "-" : ""}${groupIndian(abs.toString())}`;
}

export type MoneyParseErrorCode = "empty" | "invalid_format" | "too_many_decimals" | "negative" | "bad_grouping";

/** Thrown by {@link rupeesToPaise}; `code` is stable and safe to switch on / show a message for. */
export class MoneyParseError extends Error {
  readonly code: MoneyParseErrorCode;
  readonly input: string;
  constructor(code: MoneyParseErrorCode, input: string) {
    super(`Invalid rupee amount (${code}): ${JSON.stringify(input)}`);
    this.name = "MoneyParseError";
    this.code = code;
    this.input = input;
  }
}

// Integer part with commas: Indian (1,00,000 / 12,34,567) or international (100,000 / 1,234,567).
const INDIAN_GROUPED = /^\d{1,2}(,\d{2})*,\d{3}$/;
const INTL_GROUPED = /^\d{1,3}(,\d{3})+$/;

/**
 * Exact parse of a rupee amount typed by a human into paise.
 *
 * Accepts: optional surrounding whitespace, an optional leading `₹` (optionally followed by
 * a space), digits with optional well-formed comma grouping (Indian `1,00,000` or international
 * `100,000`), and an optional `.` followed by 1–2 digits.
 *   "999.99" → 99999n, "1,00,000" → 10000000n, "5.5" → 550n, "₹ 1,234.50" → 123450n.
 *
 * Rejects (throws {@link MoneyParseError}): empty input, negatives, more than 2 decimals,
 * malformed grouping ("1,0,0", "10,00"), exponents, spaces inside, "5.", ".5", anything else.
 */
export function rupeesToPaise(input: string): bigint {
  let s = input.trim();
  if (s.startsWith("₹")) s = s.slice(1).trimStart();
  if (s === "") throw new MoneyParseError("empty", input);
  if (s.startsWith("-")) throw new MoneyParseError("negative", input);

  const m = /^([0-9,]+)(?:\.([0-9]+))?$/.exec(s);
  if (!m) throw new MoneyParseError("invalid_format", input);
  const intPart = m[1] ?? "";
  const fracPart = m[2];

  if (fracPart !== undefined && fracPart.length > 2) throw new MoneyParseError("too_many_decimals", input);
  if (intPart.includes(",") && !INDIAN_GROUPED.test(intPart) && !INTL_GROUPED.test(intPart)) {
    throw new MoneyParseError("bad_grouping", input);
  }
  const digits = intPart.replaceAll(",", "");
  if (!/^\d+$/.test(digits)) throw new MoneyParseError("invalid_format", input);

  const frac = (fracPart ?? "").padEnd(2, "0");
  return BigInt(digits) * 100n + BigInt(frac);
}
