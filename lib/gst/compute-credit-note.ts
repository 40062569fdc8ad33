/**
 * The GST split of a credit note (CGST Act s.34) against one invoice, in integer paise.
 *
 * Cumulative-difference method: with C(c) the split of the first c paise credited against the invoice,
 * a note of `amount` after `prior` already credited is C(prior + amount) − C(prior). C(invoice total) is exactly
 * the invoice's split, so:
 *   - every note foots: taxable + cgst + sgst + igst + roundOff = amount, to the paisa;
 *   - the notes of an invoice sum to at most the invoice, component by component, and exactly to it once fully
 *     credited, however many small notes it took (rounding never accumulates);
 *   - no tax or taxable component is ever negative (each of C's is non-decreasing in c).
 *
 * Invoices with an exact split (split-inclusive.ts; every invoice since exact GST): C(c) is the exact split of c
 * itself, so CGST(c) = SGST(c) at every c and every note has CGST = SGST too. Its round-off is the difference
 * of two round-offs of at most one paisa each (so within ±2 paise; 0 for most notes).
 *
 * Older invoices (split before exact GST, CGST possibly a paisa above SGST): C is proportional to the invoice's
 * own components, rounded half up, no round-off, as those invoices were issued:
 *   taxable(c) = round(invoiceTaxable × c / invoiceTotal);  tax(c) = c − taxable(c)
 *   intra:  cgst(c) = round(invoiceCgst × tax(c) / invoiceTax);  sgst(c) = tax(c) − cgst(c)     (SGST or UTGST)
 *   inter:  igst(c) = tax(c)
 */
import { divRoundHalfUp, splitGstInclusive } from "./split-inclusive";

export interface InvoiceSplitPaise {
  taxablePaise: bigint;
  cgstPaise: bigint;
  sgstPaise: bigint;
  igstPaise: bigint;
  /** total − (taxable + taxes); absent or 0 for invoices issued before exact GST. */
  roundOffPaise?: bigint;
  totalPaise: bigint;
}

export interface CreditNoteSplit extends InvoiceSplitPaise {
  kind: "intra" | "inter";
  roundOffPaise: bigint;
}

export interface ComputeCreditNoteInput {
  invoice: InvoiceSplitPaise;
  /** GST-inclusive paise already credited against the invoice by earlier notes. */
  priorCreditedPaise: bigint;
  /** This note's GST-inclusive amount, paise (> 0). */
  amountPaise: bigint;
  /** The invoice's GST rate in basis points; defaults to 1800 (18%, every Khata invoice). */
  rateBp?: number;
}

export class CreditNoteAmountError extends Error {
  readonly remainingPaise: bigint;
  constructor(message: string, remainingPaise: bigint) {
    super(message);
    this.name = "CreditNoteAmountError";
    this.remainingPaise = remainingPaise;
  }
}

/** What is left to credit against the invoice (never negative). */
export function remainingCreditablePaise(invoice: InvoiceSplitPaise, priorCreditedPaise: bigint): bigint {
  const left = invoice.totalPaise - priorCreditedPaise;
  return left > 0n ? left : 0n;
}

function supplyKind(invoice: InvoiceSplitPaise): "intra" | "inter" {
  const { taxablePaise, cgstPaise, sgstPaise, igstPaise, totalPaise } = invoice;
  if ([taxablePaise, cgstPaise, sgstPaise, igstPaise].some((v) => v < 0n) || totalPaise <= 0n) {
    throw new RangeError("invoice split must be non-negative with a positive total");
  }
  if (taxablePaise + cgstPaise + sgstPaise + igstPaise + (invoice.roundOffPaise ?? 0n) !== totalPaise) {
    throw new RangeError("invoice split does not add up to its total");
  }
  if (igstPaise > 0n && cgstPaise + sgstPaise > 0n) throw new RangeError("invoice has both IGST and CGST/SGST");
  return igstPaise > 0n ? "inter" : "intra";
}

type Cumulative = Required<InvoiceSplitPaise>;

/** Exact split of c at the invoice's rate, in the invoice's kind (state codes only pick intra/inter). */
function exactSplit(kind: "intra" | "inter", rateBp: number, c: bigint): Cumulative {
  const s = splitGstInclusive({ totalPaise: c, supplierStateCode: "29", placeOfSupplyStateCode: kind === "intra" ? "29" : "27", ratePercent: rateBp / 100 });
  return { taxablePaise: s.taxablePaise, cgstPaise: s.cgstPaise, sgstPaise: s.sgstPaise, igstPaise: s.igstPaise, roundOffPaise: s.roundOffPaise, totalPaise: c };
}

function isExactSplit(invoice: InvoiceSplitPaise, kind: "intra" | "inter", rateBp: number): boolean {
  const e = exactSplit(kind, rateBp, invoice.totalPaise);
  return (
    e.taxablePaise === invoice.taxablePaise &&
    e.cgstPaise === invoice.cgstPaise &&
    e.sgstPaise === invoice.sgstPaise &&
    e.igstPaise === invoice.igstPaise &&
    e.roundOffPaise === (invoice.roundOffPaise ?? 0n)
  );
}

/** C(c) of an invoice issued before exact GST: proportional to its own components. */
function proportionalSplit(invoice: InvoiceSplitPaise, kind: "intra" | "inter", c: bigint): Cumulative {
  const taxablePaise = divRoundHalfUp(invoice.taxablePaise * c, invoice.totalPaise);
  const tax = c - taxablePaise;
  if (kind === "inter") return { taxablePaise, cgstPaise: 0n, sgstPaise: 0n, igstPaise: tax, roundOffPaise: 0n, totalPaise: c };
  const invoiceTax = invoice.cgstPaise + invoice.sgstPaise;
  const cgstPaise = invoiceTax === 0n ? 0n : divRoundHalfUp(invoice.cgstPaise * tax, invoiceTax);
  return { taxablePaise, cgstPaise, sgstPaise: tax - cgstPaise, igstPaise: 0n, roundOffPaise: 0n, totalPaise: c };
}

/** Throws {@link CreditNoteAmountError} when the amount is not positive or exceeds what is left to credit. */
export function computeCreditNote(input: ComputeCreditNoteInput): CreditNoteSplit {
  const { invoice, priorCreditedPaise, amountPaise } = input;
  const kind = supplyKind(invoice);
  if (priorCreditedPaise < 0n || priorCreditedPaise > invoice.totalPaise) throw new RangeError("prior credited paise outside 0…invoice total");
  const remaining = remainingCreditablePaise(invoice, priorCreditedPaise);
  if (amountPaise <= 0n) throw new CreditNoteAmountError("credit note amount must be positive", remaining);
  if (amountPaise > remaining) {
    throw new CreditNoteAmountError(`credit note of ${amountPaise} paise exceeds the ${remaining} paise left on the invoice`, remaining);
  }
  const rateBp = input.rateBp ?? 1800;
  const exact = isExactSplit(invoice, kind, rateBp);
  const cumulative = (c: bigint) => (exact ? exactSplit(kind, rateBp, c) : proportionalSplit(invoice, kind, c));
  const before = cumulative(priorCreditedPaise);
  const after = cumulative(priorCreditedPaise + amountPaise);
  return {
    kind,
    taxablePaise: after.taxablePaise - before.taxablePaise,
    cgstPaise: after.cgstPaise - before.cgstPaise,
    sgstPaise: after.sgstPaise - before.sgstPaise,
    igstPaise: after.igstPaise - before.igstPaise,
    roundOffPaise: after.roundOffPaise - before.roundOffPaise,
    totalPaise: amountPaise,
  };
}
