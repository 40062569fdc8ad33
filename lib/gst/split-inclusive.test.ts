import { describe, expect, it } from "vitest";
import { basisPointsToPercentString, divRoundHalfUp, percentToBasisPoints, splitGstInclusive } from "./split-inclusive";

// Expected values computed independently with Python's decimal module (ROUND_HALF_UP), by trying every taxable
// value near total / 1.18 and keeping the one with the smallest round-off (a tie: the positive one).
// [label, totalPaise, ratePercent, intra: taxable, each half, round-off, inter: taxable, igst, round-off]
type Row = [string, bigint, number, bigint, bigint, bigint, bigint, bigint, bigint];
const TABLE: Row[] = [
  ["₹0", 0n, 18, 0n, 0n, 0n, 0n, 0n, 0n],
  ["1 paisa (all taxable)", 1n, 18, 1n, 0n, 0n, 1n, 0n, 0n],
  ["3 paise (inter: no exact split, tie → +1p)", 3n, 18, 3n, 0n, 0n, 2n, 0n, 1n],
  ["₹1", 100n, 18, 84n, 8n, 0n, 85n, 15n, 0n],
  ["₹1.18 → ₹1 + 18p", 118n, 18, 100n, 9n, 0n, 100n, 18n, 0n],
  ["₹123.45 (no exact intra split: round-off −1p)", 12345n, 18, 10462n, 942n, -1n, 10462n, 1883n, 0n],
  ["₹118.01", 11801n, 18, 10001n, 900n, 0n, 10001n, 1800n, 0n],
  ["₹599", 59900n, 18, 50762n, 4569n, 0n, 50763n, 9137n, 0n],
  ["₹999 (Starter; no exact intra split: +1p)", 99900n, 18, 84661n, 7619n, 1n, 84661n, 15239n, 0n],
  ["₹999.99", 99999n, 18, 84745n, 7627n, 0n, 84745n, 15254n, 0n],
  ["₹4,999 (Pro)", 499900n, 18, 423644n, 38128n, 0n, 423644n, 76256n, 0n],
  ["₹5,000 → ₹4,237.28 + ₹381.36 + ₹381.36", 500000n, 18, 423728n, 38136n, 0n, 423729n, 76271n, 0n],
  ["₹19,999 (Enterprise; no exact inter split: +1p)", 1999900n, 18, 1694830n, 152535n, 0n, 1694830n, 305069n, 1n],
  ["₹1,00,000", 10000000n, 18, 8474576n, 762712n, 0n, 8474576n, 1525424n, 0n],
  ["₹1 crore (no exact intra split: +1p)", 1000000000n, 18, 847457627n, 76271186n, 1n, 847457627n, 152542373n, 0n],
  ["28%, inter tie → +1p", 16n, 28, 12n, 2n, 0n, 12n, 3n, 1n],
  ["12%", 14n, 12, 12n, 1n, 0n, 12n, 1n, 1n],
  ["5%", 105n, 5, 100n, 3n, -1n, 100n, 5n, 0n],
  ["0% (exempt rate)", 10000n, 0, 10000n, 0n, 0n, 10000n, 0n, 0n],
];

/** Independent of the code under test: round-half-up of taxable × rate% (or rate/2 %), per component. */
function expectedTax(taxable: bigint, rateBp: bigint, parts: bigint): bigint {
  const scaled = taxable * rateBp; // tax × 10000 × parts
  const unit = 10000n * parts;
  const q = scaled / unit;
  return 2n * (scaled - q * unit) >= unit ? q + 1n : q;
}

function checkInvariants(total: bigint, rateBp: bigint): void {
  const intra = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: Number(rateBp) / 100 });
  const inter = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "33", ratePercent: Number(rateBp) / 100 });
  // CGST = SGST exactly, each exactly round(taxable × rate/2)
  if (intra.cgstPaise !== intra.sgstPaise) throw new Error(`CGST ≠ SGST at ${total}`);
  if (intra.cgstPaise !== expectedTax(intra.taxablePaise, rateBp, 2n)) throw new Error(`CGST rounding at ${total}`);
  if (inter.igstPaise !== expectedTax(inter.taxablePaise, rateBp, 1n)) throw new Error(`IGST rounding at ${total}`);
  // footing: taxable + taxes + round-off = total
  if (intra.taxablePaise + intra.cgstPaise + intra.sgstPaise + intra.roundOffPaise !== total) throw new Error(`intra footing ${total}`);
  if (inter.taxablePaise + inter.igstPaise + inter.roundOffPaise !== total) throw new Error(`inter footing ${total}`);
  // round-off is at most one paisa, and only where no taxable value foots exactly
  for (const [s, parts] of [[intra, 2n], [inter, 1n]] as const) {
    if (s.roundOffPaise > 1n || s.roundOffPaise < -1n) throw new Error(`round-off ${s.roundOffPaise} at ${total}`);
    if (s.roundOffPaise !== 0n) {
      for (let v = s.taxablePaise - 3n; v <= s.taxablePaise + 3n; v++) {
        if (v >= 0n && v + parts * expectedTax(v, rateBp, parts) === total) throw new Error(`exact split ${v} missed at ${total}`);
      }
    }
    // taxable is within 1.5 paise of total / (1 + rate)
    const err = s.taxablePaise * (10000n + rateBp) - total * 10000n;
    if (err > 15000n + 150n * rateBp || err < -(15000n + 150n * rateBp)) throw new Error(`taxable far from total/(1+rate) at ${total}`);
  }
}

describe("splitGstInclusive", () => {
  it.each(TABLE)("intra-state %s", (_label, total, rate, taxable, half, roundOff) => {
    const r = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: rate });
    expect(r).toEqual({
      taxablePaise: taxable,
      cgstPaise: half,
      sgstPaise: half,
      igstPaise: 0n,
      totalPaise: total,
      kind: "intra",
      ratePercent: rate,
      rateBp: rate * 100,
      roundOffPaise: roundOff,
    });
    expect(r.taxablePaise + r.cgstPaise + r.sgstPaise + r.roundOffPaise).toBe(total);
  });

  it.each(TABLE)("inter-state %s", (_label, total, rate, _t, _h, _r, taxable, igst, roundOff) => {
    const r = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "27", ratePercent: rate });
    expect(r).toEqual({
      taxablePaise: taxable,
      cgstPaise: 0n,
      sgstPaise: 0n,
      igstPaise: igst,
      totalPaise: total,
      kind: "inter",
      ratePercent: rate,
      rateBp: rate * 100,
      roundOffPaise: roundOff,
    });
  });

  it("defaults to 18%", () => {
    const r = splitGstInclusive({ totalPaise: 500000n, supplierStateCode: "29", placeOfSupplyStateCode: "07" });
    expect(r.ratePercent).toBe(18);
    expect(r.igstPaise).toBe(76271n);
  });

  it("every amount from 1 paisa to ₹10,000, paisa by paisa, at 18%: CGST = SGST, exact rounding, footing", () => {
    let roundOffs = 0;
    for (let t = 1n; t <= 1_000_000n; t++) checkInvariants(t, 1800n);
    for (let t = 100n; t <= 1_000_000n; t += 100n) {
      if (splitGstInclusive({ totalPaise: t, supplierStateCode: "29", placeOfSupplyStateCode: "29" }).roundOffPaise !== 0n) roundOffs++;
    }
    // About 18 in 118 totals have no exact split (f skips them); the rest foot without a round-off.
    expect(roundOffs).toBe(1526);
  }, 120_000);

  it("a sample up to ₹1 crore and beyond, at 18%, 5%, 12% and 28%", () => {
    for (const rateBp of [1800n, 500n, 1200n, 2800n]) {
      for (let t = 1n; t < 10n ** 15n; t = t * 7n + 3n) checkInvariants(t, rateBp);
      for (let t = 999_000_000n; t <= 1_000_001_000n; t += 7n) checkInvariants(t, rateBp);
    }
  }, 120_000);

  it.each<[string, () => unknown]>([
    ["negative total", () => splitGstInclusive({ totalPaise: -1n, supplierStateCode: "29", placeOfSupplyStateCode: "29" })],
    ["unknown supplier state", () => splitGstInclusive({ totalPaise: 1n, supplierStateCode: "00", placeOfSupplyStateCode: "29" })],
    ["unknown place of supply", () => splitGstInclusive({ totalPaise: 1n, supplierStateCode: "29", placeOfSupplyStateCode: "99" })],
    ["rate with 3 decimals", () => splitGstInclusive({ totalPaise: 1n, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: 0.125 })],
    ["negative rate", () => splitGstInclusive({ totalPaise: 1n, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: -18 })],
    ["NaN rate", () => splitGstInclusive({ totalPaise: 1n, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: Number.NaN })],
  ])("throws on %s", (_label, fn) => {
    expect(fn).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it.each<[number, number, string]>([
    [18, 1800, "18"],
    [9, 900, "9"],
    [28, 2800, "28"],
    [2.5, 250, "2.5"],
    [0.25, 25, "0.25"],
    [0.1, 10, "0.1"],
    [1.5, 150, "1.5"],
    [0, 0, "0"],
  ])("%s%% ↔ %s bp ↔ %j", (pct, bp, str) => {
    expect(percentToBasisPoints(pct)).toBe(bp);
    expect(basisPointsToPercentString(bp)).toBe(str);
  });

  it.each<[bigint, bigint, bigint]>([
    [0n, 2n, 0n],
    [1n, 2n, 1n],
    [3n, 2n, 2n],
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [25n, 2n, 13n],
  ])("divRoundHalfUp(%s, %s) = %s", (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });
});
