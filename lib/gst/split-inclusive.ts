/**
 * Split a GST-INCLUSIVE price (what the customer paid) into taxable value, tax and a round-off, in integer
 * paise, such that `taxable + cgst + sgst + igst + roundOff === total` EXACTLY and every tax amount is exactly
 * what its rate gives on the taxable value:
 *
 *   intra-state: cgst = sgst (or UTGST) = round_half_up(taxable × (rate / 2))      → CGST = SGST always
 *   inter-state: igst = round_half_up(taxable × rate)
 *
 * The taxable value is CHOSEN so that the invoice foots without a round-off whenever such a value exists
 * (₹5,000 intra-state → ₹4,237.28 + ₹381.36 + ₹381.36): f(V) = V + tax(V) is strictly increasing, so we take the
 * largest V with f(V) ≤ total. Some totals are skipped by f (tax(V) jumps by a paisa per half: about 18 of every
 * 118 totals at 18%); for those the invoice carries a round-off of ONE paisa (+₹0.01 or −₹0.01, whichever of
 * V and V + 1 is nearer; a tie takes +₹0.01), never more for 18%. Total is what was paid, always.
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
  /** total − (taxable + taxes): 0 where an exact split exists, else ±1 paisa (docs/BILLING.md). */
  roundOffPaise: bigint;
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

  const kind = supplierStateCode === placeOfSupplyStateCode ? "intra" : "inter";
  const { taxablePaise, halfPaise, taxPaise, roundOffPaise } = exactTaxable(totalPaise, rateBp, kind);
  if (kind === "intra") {
    return { taxablePaise, cgstPaise: halfPaise, sgstPaise: halfPaise, igstPaise: 0n, totalPaise, kind, ratePercent, rateBp, roundOffPaise };
  }
  return { taxablePaise, cgstPaise: 0n, sgstPaise: 0n, igstPaise: taxPaise, totalPaise, kind, ratePercent, rateBp, roundOffPaise };
}

/** The tax on a taxable value: intra-state two halves at rate/2 each (equal by construction), else one at rate. */
export function taxOnTaxable(taxablePaise: bigint, rateBp: number, kind: "intra" | "inter"): { halfPaise: bigint; taxPaise: bigint } {
  if (kind === "intra") {
    const halfPaise = divRoundHalfUp(taxablePaise * BigInt(rateBp), 20000n);
    return { halfPaise, taxPaise: 2n * halfPaise };
  }
  return { halfPaise: 0n, taxPaise: divRoundHalfUp(taxablePaise * BigInt(rateBp), 10000n) };
}

function exactTaxable(totalPaise: bigint, rateBp: number, kind: "intra" | "inter") {
  const footing = (v: bigint) => v + taxOnTaxable(v, rateBp, kind).taxPaise;
  // Start just below total / (1 + rate) and walk: f moves by at most 1 + rate (+1 paisa per half) per paisa of V.
  let v = (totalPaise * 10000n) / (10000n + BigInt(rateBp));
  if (v > 0n) v -= 1n;
  while (v > 0n && footing(v) > totalPaise) v -= 1n;
  while (footing(v + 1n) <= totalPaise) v += 1n;
  const below = totalPaise - footing(v);
  if (below > 0n) {
    const above = footing(v + 1n) - totalPaise;
    if (above < below) v += 1n;
  }
  const tax = taxOnTaxable(v, rateBp, kind);
  return { taxablePaise: v, ...tax, roundOffPaise: totalPaise - v - tax.taxPaise };
}
