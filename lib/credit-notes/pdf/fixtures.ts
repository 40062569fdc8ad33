/** Sample issued credit notes for tests, against the sample invoices of lib/invoices/pdf/fixtures.ts. */
import { computeCreditNote } from "@/lib/gst/compute-credit-note";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { sampleInterStateInvoice, sampleIntraStateInvoice } from "@/lib/invoices/pdf/fixtures";
import { buildCreditNoteSnapshot, type IssuedCreditNoteSnapshot } from "../credit-note-snapshot";

function noteAgainst(invoice: IssuedInvoiceView, amountPaise: bigint, creditNoteNumber: string, reason: string): IssuedCreditNoteSnapshot {
  const t = invoice.totals;
  const split = computeCreditNote({
    invoice: { taxablePaise: BigInt(t.taxablePaise), cgstPaise: BigInt(t.cgstPaise), sgstPaise: BigInt(t.sgstPaise), igstPaise: BigInt(t.igstPaise), totalPaise: BigInt(t.totalPaise) },
    priorCreditedPaise: 0n,
    amountPaise,
  });
  return {
    ...buildCreditNoteSnapshot({
      invoiceSnapshot: invoice,
      invoiceNumber: invoice.invoiceNumber,
      invoiceIssuedAt: new Date("2026-11-23T08:35:00Z"),
      split,
      reason,
      issuedAt: new Date("2026-12-02T05:00:00Z"),
    }),
    creditNoteNumber,
  };
}

/** ₹1,180.00 of the ₹5,000.00 intra-state sample invoice: ₹1,000.00 + CGST ₹90.00 + SGST ₹90.00. */
export const sampleIntraStateCreditNote = () => noteAgainst(sampleIntraStateInvoice(), 118000n, "KC-2627-000001", "Refund of 1,180 unused credits");

/** The whole inter-state sample invoice, after a lost chargeback. */
export const sampleInterStateCreditNote = () =>
  noteAgainst(sampleInterStateInvoice(), BigInt(sampleInterStateInvoice().totals.totalPaise), "KC-2627-000002", "Chargeback lost (dispute 4455)");
