import { describe, expect, it } from "vitest";
import { computeCreditNote, CreditNoteAmountError, type InvoiceSplitPaise } from "./compute-credit-note";
import { splitGstInclusive } from "./split-inclusive";

function invoiceOf(totalPaise: bigint, supplier: string, pos: string): InvoiceSplitPaise {
  const { taxablePaise, cgstPaise, sgstPaise, igstPaise, roundOffPaise } = splitGstInclusive({ totalPaise, supplierStateCode: supplier, placeOfSupplyStateCode: pos });
  return { taxablePaise, cgstPaise, sgstPaise, igstPaise, roundOffPaise, totalPaise };
}

const INTRA_5000 = invoiceOf(500000n, "29", "29"); // 423728 + 38136 + 38136
const INTER_5000 = invoiceOf(500000n, "29", "27"); // 423729 + IGST 76271
const UTGST_599 = invoiceOf(59900n, "04", "04"); // Chandigarh (UTGST): 50762 + 4569 + 4569
const STARTER_999 = invoiceOf(99900n, "29", "29"); // 84661 + 7619 + 7619 + round-off 1
// Issued before exact GST (old split: CGST took the odd paisa): notes follow the invoice as issued.
const LEGACY_INTRA_5000: InvoiceSplitPaise = { taxablePaise: 423729n, cgstPaise: 38136n, sgstPaise: 38135n, igstPaise: 0n, totalPaise: 500000n };
const LEGACY_UTGST_599: InvoiceSplitPaise = { taxablePaise: 50763n, cgstPaise: 4569n, sgstPaise: 4568n, igstPaise: 0n, totalPaise: 59900n };

// Expected values computed independently (Python decimal, ROUND_HALF_UP): exact split of prior + amount minus that
// of prior. [label, invoice, prior, amount, taxable, cgst, sgst, igst, round-off]
const TABLE: [string, InvoiceSplitPaise, bigint, bigint, bigint, bigint, bigint, bigint, bigint][] = [
  ["intra, full amount = the invoice's own split", INTRA_5000, 0n, 500000n, 423728n, 38136n, 38136n, 0n, 0n],
  ["intra, half", INTRA_5000, 0n, 250000n, 211864n, 19068n, 19068n, 0n, 0n],
  ["intra, final remainder after a half", INTRA_5000, 250000n, 250000n, 211864n, 19068n, 19068n, 0n, 0n],
  ["intra, 1 paisa first", INTRA_5000, 0n, 1n, 1n, 0n, 0n, 0n, 0n],
  ["intra, the last 1 paisa (all round-off)", INTRA_5000, 499999n, 1n, 0n, 0n, 0n, 0n, 1n],
  ["inter, full", INTER_5000, 0n, 500000n, 423729n, 0n, 0n, 76271n, 0n],
  ["inter, ₹1,180", INTER_5000, 0n, 118000n, 100000n, 0n, 0n, 18000n, 0n],
  ["inter, remainder after ₹1,180", INTER_5000, 118000n, 382000n, 323729n, 0n, 0n, 58271n, 0n],
  ["UTGST, full", UTGST_599, 0n, 59900n, 50762n, 4569n, 4569n, 0n, 0n],
  ["UTGST, ₹100", UTGST_599, 0n, 10000n, 8474n, 763n, 763n, 0n, 0n],
  ["₹999 with round-off, first half", STARTER_999, 0n, 49950n, 42330n, 3810n, 3810n, 0n, 0n],
  ["₹999 with round-off, second half takes the round-off", STARTER_999, 49950n, 49950n, 42331n, 3809n, 3809n, 0n, 1n],
  ["legacy intra, full", LEGACY_INTRA_5000, 0n, 500000n, 423729n, 38136n, 38135n, 0n, 0n],
  ["legacy intra, half", LEGACY_INTRA_5000, 0n, 250000n, 211865n, 19068n, 19067n, 0n, 0n],
  ["legacy intra, final remainder after a half", LEGACY_INTRA_5000, 250000n, 250000n, 211864n, 19068n, 19068n, 0n, 0n],
  ["legacy UTGST, ₹100", LEGACY_UTGST_599, 0n, 10000n, 8475n, 763n, 762n, 0n, 0n],
];

describe("computeCreditNote", () => {
  it.each(TABLE)("%s", (_label, invoice, prior, amount, taxable, cgst, sgst, igst, roundOff) => {
    const note = computeCreditNote({ invoice, priorCreditedPaise: prior, amountPaise: amount });
    expect(note).toMatchObject({ taxablePaise: taxable, cgstPaise: cgst, sgstPaise: sgst, igstPaise: igst, roundOffPaise: roundOff, totalPaise: amount });
    expect(note.taxablePaise + note.cgstPaise + note.sgstPaise + note.igstPaise + note.roundOffPaise).toBe(amount);
  });

  it("every note of every exact intra-state invoice ₹1…₹2,000 (₹1 steps, split into three) has CGST = SGST and foots", () => {
    for (let total = 100n; total <= 200000n; total += 100n) {
      const invoice = invoiceOf(total, "29", "29");
      let prior = 0n;
      for (const amount of [total / 3n, total / 3n + 1n, total - 2n * (total / 3n) - 1n]) {
        const note = computeCreditNote({ invoice, priorCreditedPaise: prior, amountPaise: amount });
        if (note.cgstPaise !== note.sgstPaise) throw new Error(`CGST ≠ SGST on a note of ${amount} against ${total}`);
        if (note.taxablePaise + note.cgstPaise + note.sgstPaise + note.roundOffPaise !== amount) throw new Error(`footing ${amount}/${total}`);
        if (note.taxablePaise < 0n || note.cgstPaise < 0n || note.roundOffPaise > 2n || note.roundOffPaise < -2n) throw new Error(`range ${amount}/${total}`);
        prior += amount;
      }
      expect(prior).toBe(total);
    }
  });

  it.each([
    ["intra", INTRA_5000],
    ["inter", INTER_5000],
    ["UTGST", UTGST_599],
    ["₹999 with round-off", STARTER_999],
    ["legacy intra", LEGACY_INTRA_5000],
  ] as const)("%s: many uneven notes sum exactly to the invoice, no component negative or above it", (_label, invoice) => {
    const sum = { taxablePaise: 0n, cgstPaise: 0n, sgstPaise: 0n, igstPaise: 0n, totalPaise: 0n };
    let roundOff = 0n;
    const steps = [1n, 1n, 7n, 333n, 1n, 12345n, 99n, 2n];
    for (let i = 0; sum.totalPaise < invoice.totalPaise; i++) {
      const left = invoice.totalPaise - sum.totalPaise;
      const step = steps[i % steps.length] ?? 1n;
      const amount = step < left ? step : left;
      const note = computeCreditNote({ invoice, priorCreditedPaise: sum.totalPaise, amountPaise: amount });
      for (const k of ["taxablePaise", "cgstPaise", "sgstPaise", "igstPaise", "totalPaise"] as const) {
        expect(note[k]).toBeGreaterThanOrEqual(0n);
        sum[k] += note[k];
        expect(sum[k]).toBeLessThanOrEqual(invoice[k]);
      }
      roundOff += note.roundOffPaise;
    }
    expect({ ...sum, roundOffPaise: roundOff }).toEqual({ ...invoice, roundOffPaise: invoice.roundOffPaise ?? 0n });
  });

  it("refuses an amount above what is left, saying how much is left", () => {
    const err = (() => {
      try {
        computeCreditNote({ invoice: INTRA_5000, priorCreditedPaise: 400000n, amountPaise: 100001n });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CreditNoteAmountError);
    expect((err as CreditNoteAmountError).remainingPaise).toBe(100000n);
  });

  it("refuses a zero or negative amount and a fully credited invoice", () => {
    expect(() => computeCreditNote({ invoice: INTRA_5000, priorCreditedPaise: 0n, amountPaise: 0n })).toThrow(CreditNoteAmountError);
    expect(() => computeCreditNote({ invoice: INTRA_5000, priorCreditedPaise: 0n, amountPaise: -5n })).toThrow(CreditNoteAmountError);
    expect(() => computeCreditNote({ invoice: INTRA_5000, priorCreditedPaise: 500000n, amountPaise: 1n })).toThrow(CreditNoteAmountError);
  });

  it("refuses an invoice split that does not add up or mixes IGST with CGST/SGST", () => {
    expect(() =>
      computeCreditNote({ invoice: { ...INTRA_5000, taxablePaise: 1n }, priorCreditedPaise: 0n, amountPaise: 1n }),
    ).toThrow(RangeError);
    expect(() =>
      computeCreditNote({
        invoice: { taxablePaise: 80n, cgstPaise: 5n, sgstPaise: 5n, igstPaise: 10n, totalPaise: 100n },
        priorCreditedPaise: 0n,
        amountPaise: 1n,
      }),
    ).toThrow(RangeError);
  });
});
