import { describe, expect, it } from "vitest";
import { basisPointsToPercentString, divRoundHalfUp, percentToBasisPoints, splitGstInclusive } from "./split-inclusive";

// Expected values computed independently with Python's decimal module (ROUND_HALF_UP).
// [label, totalPaise, ratePercent, taxable, tax, cgst (intra), sgst (intra)]
const TABLE: [string, bigint, number, bigint, bigint, bigint, bigint][] = [
  ["₹0", 0n, 18, 0n, 0n, 0n, 0n],
  ["1 paisa (all taxable)", 1n, 18, 1n, 0n, 0n, 0n],
  ["3 paise", 3n, 18, 3n, 0n, 0n, 0n],
  ["₹1", 100n, 18, 85n, 15n, 8n, 7n],
  ["₹1.18 → ₹1 + 18p", 118n, 18, 100n, 18n, 9n, 9n],
  ["₹123.45 (odd paise)", 12345n, 18, 10462n, 1883n, 942n, 941n],
  ["₹118.01", 11801n, 18, 10001n, 1800n, 900n, 900n],
  ["₹599", 59900n, 18, 50763n, 9137n, 4569n, 4568n],
  ["₹999.99", 99999n, 18, 84745n, 15254n, 7627n, 7627n],
  ["₹5,000", 500000n, 18, 423729n, 76271n, 38136n, 38135n],
  ["₹1,00,000", 10000000n, 18, 8474576n, 1525424n, 762712n, 762712n],
  ["₹1 crore", 1000000000n, 18, 847457627n, 152542373n, 76271187n, 76271186n],
  ["28% exact half rounds up (16p → 12.5 → 13)", 16n, 28, 13n, 3n, 2n, 1n],
  ["12% exact half rounds up (14p → 12.5 → 13)", 14n, 12, 13n, 1n, 1n, 0n],
  ["5%", 105n, 5, 100n, 5n, 3n, 2n],
  ["0% (exempt rate)", 10000n, 0, 10000n, 0n, 0n, 0n],
];

describe("splitGstInclusive", () => {
  it.each(TABLE)("intra-state %s", (_label, total, rate, taxable, tax, cgst, sgst) => {
    const r = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "29", ratePercent: rate });
    expect(r).toEqual({
      taxablePaise: taxable,
      cgstPaise: cgst,
      sgstPaise: sgst,
      igstPaise: 0n,
      totalPaise: total,
      kind: "intra",
      ratePercent: rate,
      rateBp: rate * 100,
    });
    expect(r.taxablePaise + r.cgstPaise + r.sgstPaise + r.igstPaise).toBe(total);
    expect(cgst + sgst).toBe(tax);
  });

  it.each(TABLE)("inter-state %s", (_label, total, rate, taxable, tax) => {
    const r = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "27", ratePercent: rate });
    expect(r).toEqual({
      taxablePaise: taxable,
      cgstPaise: 0n,
      sgstPaise: 0n,
      igstPaise: tax,
      totalPaise: total,
      kind: "inter",
      ratePercent: rate,
      rateBp: rate * 100,
    });
  });

  it("defaults to 18%", () => {
    const r = splitGstInclusive({ totalPaise: 500000n, supplierStateCode: "29", placeOfSupplyStateCode: "07" });
    expect(r.ratePercent).toBe(18);
    expect(r.igstPaise).toBe(76271n);
  });

  it("invariants hold for every total 0..20000 paise and a spread of large values", () => {
    const totals: bigint[] = [];
    for (let t = 0n; t <= 20000n; t++) totals.push(t);
    for (let t = 1n; t < 10n ** 15n; t = t * 7n + 3n) totals.push(t);
    for (const total of totals) {
      const intra = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "29" });
      const inter = splitGstInclusive({ totalPaise: total, supplierStateCode: "29", placeOfSupplyStateCode: "33" });
      const tax = intra.cgstPaise + intra.sgstPaise;
      // exact footing
      if (intra.taxablePaise + tax !== total) throw new Error(`intra footing ${total}`);
      if (inter.taxablePaise + inter.igstPaise !== total) throw new Error(`inter footing ${total}`);
      // same taxable value either way
      if (intra.taxablePaise !== inter.taxablePaise || inter.igstPaise !== tax) throw new Error(`intra/inter ${total}`);
      // CGST gets the odd paisa: sgst ≤ cgst ≤ sgst + 1
      if (intra.cgstPaise < intra.sgstPaise || intra.cgstPaise > intra.sgstPaise + 1n) throw new Error(`halves ${total}`);
      // taxable is the nearest paisa to total/1.18: |taxable*118 − total*100| ≤ 59
      const err = intra.taxablePaise * 118n - total * 100n;
      if (err > 59n || err < -59n) throw new Error(`taxable rounding ${total}`);
      // tax is within 0.59 paise of taxable × 18%: |tax*100 − taxable*18| ≤ 59
      const taxErr = tax * 100n - intra.taxablePaise * 18n;
      if (taxErr > 59n || taxErr < -59n) throw new Error(`tax vs rate ${total}`);
    }
  });

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
