/**
 * Amount in words, Indian numbering (thousand, lakh, crore), common Indian invoice style:
 *   12345678n  → "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight Paise Only"
 *   500000n    → "Rupees Five Thousand Only"
 *   1n         → "Rupees Zero and One Paisa Only"
 *   0n         → "Rupees Zero Only"
 * No "and" inside the rupee part ("One Hundred Five"); tens-units are hyphenated ("Twenty-Three").
 * Amounts of 100 crore and more repeat the scale: 1,234 crore → "One Thousand Two Hundred
 * Thirty-Four Crore". Pure bigint arithmetic.
 */

const ONES = [
  "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
  "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
] as const;
const TENS = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"] as const;

/** 0 < n < 100 */
function twoDigits(n: number): string {
  if (n < 20) return ONES[n] ?? "";
  const t = TENS[Math.floor(n / 10)] ?? "";
  const u = n % 10;
  return u === 0 ? t : `${t}-${ONES[u] ?? ""}`;
}

/** 0 < n < 1000 */
function threeDigits(n: number): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (h > 0) parts.push(`${ONES[h] ?? ""} Hundred`);
  if (rest > 0) parts.push(twoDigits(rest));
  return parts.join(" ");
}

/** Words for a positive integer in the Indian system. */
export function integerToIndianWords(n: bigint): string {
  if (n < 0n) throw new RangeError("integerToIndianWords expects n ≥ 0");
  if (n === 0n) return "Zero";
  const parts: string[] = [];
  const crore = n / 10000000n;
  let rest = n % 10000000n;
  if (crore > 0n) parts.push(`${integerToIndianWords(crore)} Crore`);
  const lakh = Number(rest / 100000n);
  rest %= 100000n;
  const thousand = Number(rest / 1000n);
  const below = Number(rest % 1000n);
  if (lakh > 0) parts.push(`${twoDigits(lakh)} Lakh`);
  if (thousand > 0) parts.push(`${twoDigits(thousand)} Thousand`);
  if (below > 0) parts.push(threeDigits(below));
  return parts.join(" ");
}

export function amountInWords(paise: bigint): string {
  if (paise < 0n) throw new RangeError("amountInWords expects a non-negative amount");
  const rupees = paise / 100n;
  const p = Number(paise % 100n);
  const rupeeWords = `Rupees ${integerToIndianWords(rupees)}`;
  if (p === 0) return `${rupeeWords} Only`;
  return `${rupeeWords} and ${twoDigits(p)} ${p === 1 ? "Paisa" : "Paise"} Only`;
}
