/**
 * Build the immutable, JSON-safe `InvoiceView` snapshot for a GST-inclusive sale.
 *
 * The view holds EVERY printable field already formatted (strings), plus the underlying paise
 * amounts as decimal strings (bigint is not JSON-serialisable). It is stored verbatim as the
 * invoice's JSON snapshot and rendered as-is by lib/invoices/pdf — the PDF computes nothing.
 * The caller adds `invoiceNumber` and `issuedAt` (see `IssuedInvoiceView`).
 *
 * Tax treatment:
 *   - Place of supply = recipient's state (IGST Act s.12(2): services to a registered person →
 *     the recipient's location; to an unregistered person whose address is on record → that
 *     address). We always collect the billing state, so PoS is always the recipient's state.
 *   - PoS == supplier state → CGST + SGST (UTGST for UTs without legislature) at rate/2 each,
 *     otherwise IGST at the full rate. Split/rounding: see split-inclusive.ts.
 *   - Reverse charge: "No" (SaaS supplied by a registered supplier is under forward charge).
 *
 * SAC default 998315 — "Hosting and information technology (IT) infrastructure provisioning
 * services", whose scope covers application service provisioning, i.e. access to software hosted
 * by the supplier (SaaS). 998314 ("IT design and development") is for building software for a
 * client, which Khata does not do. Both are 18%; confirm with the company's CA.
 */
import { z } from "zod";
import { formatCredits, formatInr } from "@/lib/money/format-inr";
import { amountInWords } from "./amount-in-words";
import { validateGstin } from "./gstin";
import { basisPointsToPercentString, splitGstInclusive } from "./split-inclusive";
import { isKnownStateCode, stateName, stateTaxLabel } from "./states";

export const DEFAULT_SAC_CODE = "998315";
export const INVOICE_VIEW_SCHEMA_VERSION = 1 as const;

const paiseString = z.string().regex(/^(0|[1-9]\d*)$/, "non-negative integer paise as a decimal string");
const signedPaiseString = z.string().regex(/^(0|-?[1-9]\d*)$/, "integer paise as a decimal string");

const partySchema = z.object({
  legalName: z.string().min(1),
  addressLines: z.array(z.string()),
  stateCode: z.string().regex(/^\d{2}$/),
  stateName: z.string().min(1),
  /** "29 - Karnataka" */
  stateDisplay: z.string(),
  gstin: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

const taxLineSchema = z.object({
  kind: z.enum(["CGST", "SGST", "UTGST", "IGST"]),
  ratePercent: z.string(),
  /** "CGST @ 9%" */
  label: z.string(),
  amountPaise: paiseString,
  /** "₹381.36" */
  amount: z.string(),
});

export const invoiceViewSchema = z.object({
  schemaVersion: z.literal(INVOICE_VIEW_SCHEMA_VERSION),
  title: z.literal("TAX INVOICE"),
  currency: z.literal("INR"),
  supplier: partySchema.extend({ gstin: z.string() }),
  recipient: partySchema,
  /** true when the recipient gave a GSTIN (B2B), false for B2C. */
  recipientRegistered: z.boolean(),
  placeOfSupply: z.object({ stateCode: z.string(), stateName: z.string(), display: z.string() }),
  supplyKind: z.enum(["intra", "inter"]),
  reverseCharge: z.literal("No"),
  lineItems: z.array(
    z.object({
      serial: z.number().int().positive(),
      description: z.string().min(1),
      sacCode: z.string(),
      /** Display quantity, e.g. "1,00,000" */
      quantity: z.string(),
      /** Raw quantity as a decimal string, e.g. "100000" */
      quantityValue: paiseString,
      /** "Credits" or null (a single service) */
      unit: z.string().nullable(),
      taxablePaise: paiseString,
      taxableAmount: z.string(),
      /** This line's taxes (same kinds/rates as the invoice-level `taxLines`). */
      taxLines: z.array(taxLineSchema),
      /** Line total including tax. */
      totalPaise: paiseString,
      totalAmount: z.string(),
    }),
  ),
  /** Total GST rate, e.g. "18" */
  taxRatePercent: z.string(),
  /** [CGST, SGST|UTGST] for intra-state, [IGST] for inter-state. */
  taxLines: z.array(taxLineSchema),
  totals: z.object({
    taxablePaise: paiseString,
    taxable: z.string(),
    cgstPaise: paiseString,
    sgstPaise: paiseString,
    igstPaise: paiseString,
    totalTaxPaise: paiseString,
    totalTax: z.string(),
    /**
     * total − (taxable + taxes): ±1 paisa where no taxable value gives an exact split (split-inclusive.ts), else 0.
     * Absent from snapshots issued before exact GST (their taxes then foot to the total on their own).
     */
    roundOffPaise: signedPaiseString.optional(),
    /** "₹0.01", "-₹0.01" */
    roundOff: z.string().optional(),
    totalPaise: paiseString,
    /** "₹5,000.00" */
    total: z.string(),
  }),
  /** "Rupees Five Thousand Only" */
  amountInWords: z.string(),
  /**
   * How it was paid, for invoices issued since payment methods are stored (older snapshots lack it and stay
   * as issued). `method` is describePaymentMethod's line, null when Cashfree reported none.
   */
  payment: z.object({ method: z.string().nullable(), cfPaymentId: z.string() }).optional(),
});

export type InvoiceView = z.infer<typeof invoiceViewSchema>;
export type InvoicePartyView = z.infer<typeof partySchema>;
export type InvoiceTaxLineView = z.infer<typeof taxLineSchema>;

/** "Paid by UPI (name@okhdfc), Cashfree payment id 5114…" — the invoice's payment line. */
export function invoicePaidByLine(payment: NonNullable<InvoiceView["payment"]>): string {
  return `Paid by ${payment.method ?? "Cashfree"}, Cashfree payment id ${payment.cfPaymentId}`;
}

/** What the PDF renders: the snapshot plus the number/date the caller assigns at issue time. */
export type IssuedInvoiceView = InvoiceView & {
  invoiceNumber: string;
  issuedAtIst: string;
  /** e-invoice registration (lib/e-invoice), from the invoice row when the IRP registered it before the PDF was rendered. */
  eInvoice?: { irn: string; ackNo: string; ackDateIst: string; signedQrCode: string; /** The signed QR drawn as a PNG data URL (made at render time, not stored in the snapshot). */ qrImage?: string };
};

export type ComputeInvoiceParty = {
  legalName: string;
  /** Free text; newlines separate printed lines. */
  address: string;
  stateCode: string;
};

export type ComputeInvoiceInput = {
  /** GST-inclusive amount actually charged, in paise. */
  totalPaise: bigint;
  supplier: ComputeInvoiceParty & { gstin: string; email?: string | null; phone?: string | null };
  recipient: ComputeInvoiceParty & { gstin?: string | null; email?: string | null; phone?: string | null };
  description: string;
  sacCode?: string;
  /** Credits bought; printed as the quantity. Omit for a single service (qty 1). */
  quantityCredits?: bigint;
  /** Defaults to 18. */
  ratePercent?: number;
};

export class InvoiceInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "InvoiceInputError";
    this.field = field;
  }
}

function addressLines(address: string): string[] {
  return address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

function optionalText(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function party(
  field: "supplier" | "recipient",
  p: ComputeInvoiceParty & { gstin?: string | null; email?: string | null; phone?: string | null },
  gstinRequired: boolean,
): InvoicePartyView {
  const legalName = p.legalName.trim();
  if (!legalName) throw new InvoiceInputError(`${field}.legalName`, "is required");
  if (!isKnownStateCode(p.stateCode)) throw new InvoiceInputError(`${field}.stateCode`, `unknown state code ${JSON.stringify(p.stateCode)}`);
  const rawGstin = optionalText(p.gstin);
  let gstin: string | null = null;
  if (rawGstin === null) {
    if (gstinRequired) throw new InvoiceInputError(`${field}.gstin`, "is required");
  } else {
    const v = validateGstin(rawGstin);
    if (!v.ok) throw new InvoiceInputError(`${field}.gstin`, `invalid GSTIN (${v.reason})`);
    if (v.stateCode !== p.stateCode) {
      throw new InvoiceInputError(`${field}.gstin`, `GSTIN is registered in state ${v.stateCode}, not ${p.stateCode}`);
    }
    gstin = v.gstin;
  }
  const name = stateName(p.stateCode);
  return {
    legalName,
    addressLines: addressLines(p.address),
    stateCode: p.stateCode,
    stateName: name,
    stateDisplay: `${p.stateCode} - ${name}`,
    gstin,
    email: optionalText(p.email),
    phone: optionalText(p.phone),
  };
}

/** The round-off of a snapshot's totals (0 for snapshots issued before exact GST). */
export function roundOffPaiseOf(totals: { roundOffPaise?: string }): bigint {
  return BigInt(totals.roundOffPaise ?? "0");
}

export function computeInvoice(input: ComputeInvoiceInput): InvoiceView {
  if (input.totalPaise <= 0n) throw new InvoiceInputError("totalPaise", "must be positive");
  const description = input.description.trim();
  if (!description) throw new InvoiceInputError("description", "is required");
  const sacCode = input.sacCode ?? DEFAULT_SAC_CODE;
  if (!/^99\d{4}$/.test(sacCode)) throw new InvoiceInputError("sacCode", "must be a 6-digit SAC starting with 99");
  if (input.quantityCredits !== undefined && input.quantityCredits <= 0n) {
    throw new InvoiceInputError("quantityCredits", "must be positive");
  }

  const supplierView = party("supplier", input.supplier, true);
  const supplier = { ...supplierView, gstin: supplierView.gstin ?? "" };
  const recipient = party("recipient", input.recipient, false);

  const split = splitGstInclusive({
    totalPaise: input.totalPaise,
    supplierStateCode: supplier.stateCode,
    placeOfSupplyStateCode: recipient.stateCode,
    ratePercent: input.ratePercent ?? 18,
  });

  const fullRate = basisPointsToPercentString(split.rateBp);
  // rateBp/2 may be fractional bp only for odd-bp rates, which no GST rate is; keep it exact anyway.
  const halfRate = split.rateBp % 2 === 0 ? basisPointsToPercentString(split.rateBp / 2) : String(split.rateBp / 200);

  const taxLine = (kind: InvoiceTaxLineView["kind"], ratePercent: string, paise: bigint): InvoiceTaxLineView => ({
    kind,
    ratePercent,
    label: `${kind} @ ${ratePercent}%`,
    amountPaise: paise.toString(),
    amount: formatInr(paise),
  });
  const taxLines: InvoiceTaxLineView[] =
    split.kind === "intra"
      ? [taxLine("CGST", halfRate, split.cgstPaise), taxLine(stateTaxLabel(supplier.stateCode), halfRate, split.sgstPaise)]
      : [taxLine("IGST", fullRate, split.igstPaise)];

  const totalTax = split.cgstPaise + split.sgstPaise + split.igstPaise;
  const qty = input.quantityCredits ?? 1n;

  return {
    schemaVersion: INVOICE_VIEW_SCHEMA_VERSION,
    title: "TAX INVOICE",
    currency: "INR",
    supplier,
    recipient,
    recipientRegistered: recipient.gstin !== null,
    placeOfSupply: { stateCode: recipient.stateCode, stateName: recipient.stateName, display: recipient.stateDisplay },
    supplyKind: split.kind,
    reverseCharge: "No",
    lineItems: [
      {
        serial: 1,
        description,
        sacCode,
        quantity: formatCredits(qty),
        quantityValue: qty.toString(),
        unit: input.quantityCredits === undefined ? null : "Credits",
        taxablePaise: split.taxablePaise.toString(),
        taxableAmount: formatInr(split.taxablePaise),
        // Single-line invoice: the line's taxes are the invoice's; its total leaves the round-off to the invoice.
        taxLines,
        totalPaise: (split.taxablePaise + totalTax).toString(),
        totalAmount: formatInr(split.taxablePaise + totalTax),
      },
    ],
    taxRatePercent: fullRate,
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
  };
}
