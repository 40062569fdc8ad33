import { describe, expect, it } from "vitest";
import { computeCreditNote, CreditNoteAmountError, type InvoiceSplitPaise } from "./compute-credit-note";
import { splitGstInclusive } from "./split-inclusive";

function invoiceOf(totalPaise: bigint, supplier: string, pos: string): InvoiceSplitPaise {
  const { taxablePaise, cgstPaise, sgstPaise, igstPaise } = splitGstInclusive({ totalPaise, supplierStateCode: supplier, placeOfSupplyStateCode: pos });
  return { taxablePaise, cgstPaise, sgstPaise, igstPaise, totalPaise };
}

const INTRA_5000 = invoiceOf(500000n, "29", "29"); // 423729 + 38136 + 38135
const INTER_5000 = invoiceOf(500000n, "29", "27"); // 423729 + IGST 76271
const UTGST_599 = invoiceOf(59900n, "04", "04"); // Chandigarh (UTGST): 50763 + 4569 + 4568

// [label, invoice, prior, amount, taxable, cgst, sgst, igst]
const TABLE: [string, InvoiceSplitPaise, bigint, bigint, bigint, bigint, bigint, bigint][] = [
  ["intra, full amount = the invoice's own split", INTRA_5000, 0n, 500000n, 423729n, 38136n, 38135n, 0n],
  ["intra, half", INTRA_5000, 0n, 250000n, 211865n, 19068n, 19067n, 0n],
  ["intra, final remainder after a half", INTRA_5000, 250000n, 250000n, 211864n, 19068n, 19068n, 0n],
  ["intra, 1 paisa first", INTRA_5000, 0n, 1n, 1n, 0n, 0n, 0n],
  ["intra, the last 1 paisa", INTRA_5000, 499999n, 1n, 1n, 0n, 0n, 0n],
  ["inter, full", INTER_5000, 0n, 500000n, 423729n, 0n, 0n, 76271n],
  ["inter, ₹1,180", INTER_5000, 0n, 118000n, 100000n, 0n, 0n, 18000n],
  ["inter, remainder after ₹1,180", INTER_5000, 118000n, 382000n, 323729n, 0n, 0n, 58271n],
  ["UTGST, full", UTGST_599, 0n, 59900n, 50763n, 4569n, 4568n, 0n],
  ["UTGST, ₹100", UTGST_599, 0n, 10000n, 8475n, 763n, 762n, 0n],
];

describe("computeCreditNote", () => {
  it.each(TABLE)("%s", (_label, invoice, prior, amount, taxable, cgst, sgst, igst) => {
    const note = computeCreditNote({ invoice, priorCreditedPaise: prior, amountPaise: amount });
    expect(note).toMatchObject({ taxablePaise: taxable, cgstPaise: cgst, sgstPaise: sgst, igstPaise: igst, totalPaise: amount });
    expect(note.taxablePaise + note.cgstPaise + note.sgstPaise + note.igstPaise).toBe(amount);
  });

  it.each([
    ["intra", INTRA_5000],
    ["inter", INTER_5000],
    ["UTGST", UTGST_599],
  ] as const)("%s: many uneven notes sum exactly to the invoice, no component negative or above it", (_label, invoice) => {
    const sum = { taxablePaise: 0n, cgstPaise: 0n, sgstPaise: 0n, igstPaise: 0n, totalPaise: 0n };
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
    }
    expect(sum).toEqual(invoice);
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
