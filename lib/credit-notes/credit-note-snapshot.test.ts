import { describe, expect, it } from "vitest";
import { computeCreditNote } from "@/lib/gst/compute-credit-note";
import { computeInvoice } from "@/lib/gst/compute-invoice";
import { buildCreditNoteSnapshot, creditNoteSnapshotSchema } from "./credit-note-snapshot";

// A Chandigarh (UT without a legislature) supplier selling within Chandigarh: CGST + UTGST.
const invoice = {
  ...computeInvoice({
    totalPaise: 59900n,
    supplier: { legalName: "Khata UT Private Limited", address: "Sector 17\nChandigarh", stateCode: "04", gstin: "04AAGCB7383J1ZG" },
    recipient: { legalName: "Customer", address: "Sector 22", stateCode: "04" },
    description: "Prepaid API credits",
    quantityCredits: 599n,
  }),
  invoiceNumber: "KH-2627-000007",
  issuedAtIst: "23 Nov 2026",
};
const t = invoice.totals;
const split = (prior: bigint, amount: bigint) =>
  computeCreditNote({
    invoice: { taxablePaise: BigInt(t.taxablePaise), cgstPaise: BigInt(t.cgstPaise), sgstPaise: BigInt(t.sgstPaise), igstPaise: BigInt(t.igstPaise), roundOffPaise: BigInt(t.roundOffPaise ?? "0"), totalPaise: BigInt(t.totalPaise) },
    priorCreditedPaise: prior,
    amountPaise: amount,
  });

describe("buildCreditNoteSnapshot", () => {
  const build = (amount: bigint) =>
    buildCreditNoteSnapshot({
      invoiceSnapshot: invoice,
      invoiceNumber: invoice.invoiceNumber,
      invoiceIssuedAt: new Date("2026-11-23T06:00:00Z"),
      split: split(0n, amount),
      reason: "Refund of 100 unused credits",
      issuedAt: new Date("2027-04-01T03:00:00Z"),
    });

  it("keeps the invoice's parties and tax kinds (CGST + UTGST), with the note's own amounts", () => {
    const note = build(10000n);
    expect(creditNoteSnapshotSchema.parse(note)).toEqual(note);
    expect(note).toMatchObject({
      title: "CREDIT NOTE",
      supplier: invoice.supplier,
      recipient: invoice.recipient,
      placeOfSupply: invoice.placeOfSupply,
      supplyKind: "intra",
      originalInvoice: { invoiceNumber: "KH-2627-000007", issuedAtIst: "23 Nov 2026" },
      issuedAtIst: "01 Apr 2027",
      taxLines: [
        { kind: "CGST", label: "CGST @ 9%", amountPaise: "763", amount: "₹7.63" },
        { kind: "UTGST", label: "UTGST @ 9%", amountPaise: "763", amount: "₹7.63" },
      ],
      totals: { taxablePaise: "8474", totalTaxPaise: "1526", roundOffPaise: "0", totalPaise: "10000", total: "₹100.00" },
      amountInWords: "Rupees One Hundred Only",
    });
    expect(note.lineItems).toEqual([expect.objectContaining({ description: "Reversal: Prepaid API credits", sacCode: "998315", totalPaise: "10000" })]);
  });

  it("refuses an invoice snapshot that is not one, and a split of the other supply kind", () => {
    expect(() =>
      buildCreditNoteSnapshot({ invoiceSnapshot: {}, invoiceNumber: "x", invoiceIssuedAt: new Date(), split: split(0n, 100n), reason: "r", issuedAt: new Date() }),
    ).toThrow();
    expect(() =>
      buildCreditNoteSnapshot({
        invoiceSnapshot: invoice,
        invoiceNumber: "x",
        invoiceIssuedAt: new Date(),
        split: { ...split(0n, 100n), kind: "inter" },
        reason: "r",
        issuedAt: new Date(),
      }),
    ).toThrow(/inter/);
  });
});
