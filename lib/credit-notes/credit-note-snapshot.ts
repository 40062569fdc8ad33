/**
 * The immutable snapshot of a credit note: every printable field, formatted, as the PDF prints it (it computes
 * nothing). Supplier, recipient, place of supply, SAC and the tax kinds/rates are copied from the original
 * invoice's snapshot (Rule 53: a credit note carries the invoice's particulars); the amounts are the note's own
 * split (lib/gst/compute-credit-note.ts), printed as positive amounts under the title "CREDIT NOTE".
 */
import { z } from "zod";
import { amountInWords } from "@/lib/gst/amount-in-words";
import type { CreditNoteSplit } from "@/lib/gst/compute-credit-note";
import { invoiceViewSchema, type InvoiceTaxLineView, type InvoiceView } from "@/lib/gst/compute-invoice";
import { formatInr } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";

export const CREDIT_NOTE_SNAPSHOT_VERSION = 1 as const;

const base = invoiceViewSchema.pick({
  currency: true,
  supplier: true,
  recipient: true,
  recipientRegistered: true,
  placeOfSupply: true,
  supplyKind: true,
  reverseCharge: true,
  taxRatePercent: true,
  taxLines: true,
  totals: true,
  amountInWords: true,
});

const lineItemSchema = invoiceViewSchema.shape.lineItems.element.pick({
  serial: true,
  description: true,
  sacCode: true,
  taxablePaise: true,
  taxableAmount: true,
  taxLines: true,
  totalPaise: true,
  totalAmount: true,
});

export const creditNoteSnapshotSchema = base.extend({
  schemaVersion: z.literal(CREDIT_NOTE_SNAPSHOT_VERSION),
  title: z.literal("CREDIT NOTE"),
  originalInvoice: z.object({ invoiceNumber: z.string(), issuedAtIst: z.string() }),
  reason: z.string().min(1),
  lineItems: z.array(lineItemSchema),
  /** "03 Apr 2027" */
  issuedAtIst: z.string(),
});

export type CreditNoteSnapshot = z.infer<typeof creditNoteSnapshotSchema>;
/** What is stored and rendered: the snapshot plus the number the numbering statement assigned. */
export type IssuedCreditNoteSnapshot = CreditNoteSnapshot & { creditNoteNumber: string };

export interface BuildCreditNoteSnapshotInput {
  /** The original invoice's stored snapshot. */
  invoiceSnapshot: unknown;
  invoiceNumber: string;
  invoiceIssuedAt: Date;
  split: CreditNoteSplit;
  reason: string;
  issuedAt: Date;
}

export function buildCreditNoteSnapshot(input: BuildCreditNoteSnapshotInput): CreditNoteSnapshot {
  const invoice: InvoiceView = invoiceViewSchema.parse(input.invoiceSnapshot);
  const { split } = input;
  if (split.kind !== invoice.supplyKind) throw new Error(`credit note split is ${split.kind}, the invoice ${invoice.supplyKind}`);
  const amountOf = (kind: InvoiceTaxLineView["kind"]) => (kind === "IGST" ? split.igstPaise : kind === "CGST" ? split.cgstPaise : split.sgstPaise);
  const taxLines = invoice.taxLines.map((line) => {
    const paise = amountOf(line.kind);
    return { ...line, amountPaise: paise.toString(), amount: formatInr(paise) };
  });
  const totalTax = split.cgstPaise + split.sgstPaise + split.igstPaise;
  const invoiceLine = invoice.lineItems[0];
  if (!invoiceLine) throw new Error("invoice snapshot has no line item");
  return {
    schemaVersion: CREDIT_NOTE_SNAPSHOT_VERSION,
    title: "CREDIT NOTE",
    currency: invoice.currency,
    supplier: invoice.supplier,
    recipient: invoice.recipient,
    recipientRegistered: invoice.recipientRegistered,
    placeOfSupply: invoice.placeOfSupply,
    supplyKind: invoice.supplyKind,
    reverseCharge: invoice.reverseCharge,
    originalInvoice: { invoiceNumber: input.invoiceNumber, issuedAtIst: formatIstDate(input.invoiceIssuedAt) },
    reason: input.reason,
    lineItems: [
      {
        serial: 1,
        description: `Reversal: ${invoiceLine.description}`,
        sacCode: invoiceLine.sacCode,
        taxablePaise: split.taxablePaise.toString(),
        taxableAmount: formatInr(split.taxablePaise),
        taxLines,
        totalPaise: (split.taxablePaise + totalTax).toString(),
        totalAmount: formatInr(split.taxablePaise + totalTax),
      },
    ],
    taxRatePercent: invoice.taxRatePercent,
    taxLines,
    totals: {
      taxablePaise: split.taxablePaise.toString(),
      taxable: formatInr(split.taxablePaise),
      cgstPaise: split.cgstPaise.toString(),
      sgstPaise: split.sgstPaise.toString(),
      igstPaise: split.igstPaise.toString(),
      totalTaxPaise: totalTax.toString(),
      totalTax: formatInr(totalTax),
      roundOffPaise: split.roundOffPaise.toString(),
      roundOff: formatInr(split.roundOffPaise),
      totalPaise: split.totalPaise.toString(),
      total: formatInr(split.totalPaise),
    },
    amountInWords: amountInWords(split.totalPaise),
    issuedAtIst: formatIstDate(input.issuedAt),
  };
}
