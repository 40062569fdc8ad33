/**
 * The GST split of a credit note (CGST Act s.34) against one invoice, in integer paise.
 *
 * Cumulative-difference method: with C(c) the split of the first c paise credited against the invoice,
 * a note of `amount` after `prior` already credited is C(prior + amount) − C(prior). C is proportional to the
 * invoice's OWN components (not recomputed from the rate), rounded half up, and C(invoice total) is exactly the
 * invoice's split, so:
 *   - every note foots: taxable + cgst + sgst + igst = amount, to the paisa;
 *   - the notes of an invoice sum to at most the invoice, component by component, and exactly to it once fully
 *     credited, however many small notes it took (rounding never accumulates);
 *   - no component is ever negative (each of C's components is non-decreasing in c, by at most 1 paisa per paisa).
 *
 *   taxable(c) = round(invoiceTaxable × c / invoiceTotal);  tax(c) = c − taxable(c)
 *   intra:  cgst(c) = round(invoiceCgst × tax(c) / invoiceTax);  sgst(c) = tax(c) − cgst(c)     (SGST or UTGST)
 *   inter:  igst(c) = tax(c)
 */
import { divRoundHalfUp } from "./split-inclusive";

export interface InvoiceSplitPaise {
  taxablePaise: bigint;
  cgstPaise: bigint;
  sgstPaise: bigint;
  igstPaise: bigint;
  totalPaise: bigint;
}

export interface CreditNoteSplit extends InvoiceSplitPaise {
  kind: "intra" | "inter";
}

export interface ComputeCreditNoteInput {
  invoice: InvoiceSplitPaise;
  /** GST-inclusive paise already credited against the invoice by earlier notes. */
  priorCreditedPaise: bigint;
  /** This note's GST-inclusive amount, paise (> 0). */
  amountPaise: bigint;
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
  if (taxablePaise + cgstPaise + sgstPaise + igstPaise !== totalPaise) throw new RangeError("invoice split does not add up to its total");
  if (igstPaise > 0n && cgstPaise + sgstPaise > 0n) throw new RangeError("invoice has both IGST and CGST/SGST");
  return igstPaise > 0n ? "inter" : "intra";
}

/** C(c): the split of the first `c` paise credited against the invoice (0 ≤ c ≤ invoice total). */
function cumulativeSplit(invoice: InvoiceSplitPaise, kind: "intra" | "inter", c: bigint): InvoiceSplitPaise {
  const taxablePaise = divRoundHalfUp(invoice.taxablePaise * c, invoice.totalPaise);
  const tax = c - taxablePaise;
  if (kind === "inter") return { taxablePaise, cgstPaise: 0n, sgstPaise: 0n, igstPaise: tax, totalPaise: c };
  const invoiceTax = invoice.cgstPaise + invoice.sgstPaise;
  const cgstPaise = invoiceTax === 0n ? 0n : divRoundHalfUp(invoice.cgstPaise * tax, invoiceTax);
  return { taxablePaise, cgstPaise, sgstPaise: tax - cgstPaise, igstPaise: 0n, totalPaise: c };
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
  const before = cumulativeSplit(invoice, kind, priorCreditedPaise);
  const after = cumulativeSplit(invoice, kind, priorCreditedPaise + amountPaise);
  return {
    kind,
    taxablePaise: after.taxablePaise - before.taxablePaise,
    cgstPaise: after.cgstPaise - before.cgstPaise,
    sgstPaise: after.sgstPaise - before.sgstPaise,
    igstPaise: after.igstPaise - before.igstPaise,
    totalPaise: amountPaise,
  };
}
