/**
 * Split a GST-INCLUSIVE price (what the customer paid) into taxable value and tax, in integer
 * paise, such that `taxable + cgst + sgst + igst === total` EXACTLY.
 *
 * Rounding rule (deterministic, integer-only):
 *   1. taxable = round_half_up(total × 10000 / (10000 + rateBp))     (rateBp = rate in basis points,
 *      e.g. 18% → 1800, so this is total × 100 / 118 for 18%)
 *   2. tax     = total − taxable                                     (never rounded on its own, so
 *      the invoice always foots to the amount actually collected)
 *   3. intra-state: cgst = round_half_up(tax / 2) = ceil(tax / 2); sgst = tax − cgst.
 *      Each half is the nearest paisa to tax/2; when tax is odd the extra paisa goes to CGST
 *      (so sgst ≤ cgst ≤ sgst + 1). inter-state: igst = tax.
 *
 * Consequence (documented, tested): because the total is fixed, tax can differ from
 * taxable × rate by at most (1 + rate) × 0.5 paise (< 1 paisa for 18%); that is the unavoidable
 * price of an exact footing and is what every inclusive-pricing invoice generator does.
 */
import { isKnownStateCode } from "./states";

export type GstSplit = {
  taxablePaise: bigint;
  cgstPaise: bigint;
  sgstPaise: bigint;
  igstPaise: bigint;
  totalPaise: bigint;
  kind: "intra" | "inter";
  ratePercent: number;
  /** Rate in basis points (18% → 1800); exact, for arithmetic and display without floats. */
  rateBp: number;
};

export type SplitGstInclusiveInput = {
  totalPaise: bigint;
  supplierStateCode: string;
  placeOfSupplyStateCode: string;
  /** Total GST rate in percent (18 → CGST 9 + SGST 9, or IGST 18). At most two decimals (e.g. 0.25). */
  ratePercent?: number;
};

/** 18 → 1800, 0.25 → 25. Throws if not a non-negative multiple of 0.01 ≤ 100. */
export function percentToBasisPoints(ratePercent: number): number {
  if (!Number.isFinite(ratePercent) || ratePercent < 0 || ratePercent > 100) {
    throw new RangeError(`Invalid GST rate ${ratePercent}`);
  }
  const bp = Math.round(ratePercent * 100);
  if (Math.abs(bp - ratePercent * 100) > 1e-6) throw new RangeError(`GST rate ${ratePercent} has more than 2 decimals`);
  return bp;
}

/** Basis points → exact decimal string: 1800 → "18", 900 → "9", 250 → "2.5", 25 → "0.25". */
export function basisPointsToPercentString(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** round(n / d) with halves rounded up, for n ≥ 0, d > 0. */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError("divRoundHalfUp expects n ≥ 0 and d > 0");
  return (2n * n + d) / (2n * d);
}

export function splitGstInclusive(input: SplitGstInclusiveInput): GstSplit {
  const { totalPaise, supplierStateCode, placeOfSupplyStateCode } = input;
  const ratePercent = input.ratePercent ?? 18;
  if (totalPaise < 0n) throw new RangeError("totalPaise must be ≥ 0 (issue a credit note for refunds)");
  if (!isKnownStateCode(supplierStateCode)) throw new RangeError(`Unknown supplier state code ${JSON.stringify(supplierStateCode)}`);
  if (!isKnownStateCode(placeOfSupplyStateCode)) {
    throw new RangeError(`Unknown place-of-supply state code ${JSON.stringify(placeOfSupplyStateCode)}`);
  }
  const rateBp = percentToBasisPoints(ratePercent);

  const taxablePaise = divRoundHalfUp(totalPaise * 10000n, 10000n + BigInt(rateBp));
  const tax = totalPaise - taxablePaise;
  const kind = supplierStateCode === placeOfSupplyStateCode ? "intra" : "inter";

  if (kind === "intra") {
    const cgstPaise = divRoundHalfUp(tax, 2n);
    return { taxablePaise, cgstPaise, sgstPaise: tax - cgstPaise, igstPaise: 0n, totalPaise, kind, ratePercent, rateBp };
  }
  return { taxablePaise, cgstPaise: 0n, sgstPaise: 0n, igstPaise: tax, totalPaise, kind, ratePercent, rateBp };
}
