/**
 * GSTR-1 as operators download it: the offline tool's JSON as is, or one CSV row per reported line (each invoice
 * and credit note, each B2CS consolidation is derived from them) with the section it goes to. Rupees to 2 decimals.
 */
import { invoiceSection, portalDate, type Gstr1Amounts, type Gstr1Return } from "./build-gstr1";

export const GSTR1_CSV_COLUMNS = [
  "section",
  "document_type",
  "document_number",
  "document_date",
  "recipient_gstin",
  "place_of_supply",
  "supply_type",
  "rate",
  "document_value",
  "taxable_value",
  "igst",
  "cgst",
  "sgst",
  "cess",
  "original_invoice",
] as const;

function csvCell(value: string): string {
  // A leading =, +, - or @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Exact paise → "1234.56" (negative for credit notes). */
export function rupeeText(paise: bigint): string {
  const negative = paise < 0n;
  const abs = negative ? -paise : paise;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

const neg = (a: Gstr1Amounts): Gstr1Amounts => ({
  taxablePaise: -a.taxablePaise,
  cgstPaise: -a.cgstPaise,
  sgstPaise: -a.sgstPaise,
  igstPaise: -a.igstPaise,
  totalPaise: -a.totalPaise,
});

export function gstr1Csv(report: Gstr1Return): string {
  const lines = [GSTR1_CSV_COLUMNS.join(",")];
  const row = (
    section: string,
    type: string,
    doc: { number: string; issuedAt: Date },
    inv: { recipientGstin: string | null; placeOfSupply: string; supplyKind: string; ratePercent: number },
    a: Gstr1Amounts,
    original: string,
  ) =>
    lines.push(
      [
        section,
        type,
        doc.number,
        portalDate(doc.issuedAt),
        inv.recipientGstin ?? "",
        inv.placeOfSupply,
        inv.supplyKind === "intra" ? "INTRA" : "INTER",
        String(inv.ratePercent),
        rupeeText(a.totalPaise),
        rupeeText(a.taxablePaise),
        rupeeText(a.igstPaise),
        rupeeText(a.cgstPaise),
        rupeeText(a.sgstPaise),
        "0.00",
        original,
      ]
        .map(csvCell)
        .join(","),
    );
  for (const inv of report.invoices) row(invoiceSection(inv), "invoice", inv, inv, inv, "");
  for (const note of report.creditNotes) {
    const section = invoiceSection(note.invoice);
    // Notes against B2CS invoices reduce B2CS (negative); the others are reported note-wise (positive).
    const name = section === "b2b" ? "cdnr" : section === "b2cl" ? "cdnur" : "b2cs";
    row(name, "credit_note", note, note.invoice, section === "b2cs" ? neg(note) : note, note.invoice.number);
  }
  return `${lines.join("\r\n")}\r\n`;
}

const amounts = (a: Gstr1Amounts) => ({
  taxable_paise: a.taxablePaise,
  igst_paise: a.igstPaise,
  cgst_paise: a.cgstPaise,
  sgst_paise: a.sgstPaise,
  value_paise: a.totalPaise,
});

/** The operator page's summary: each section's count and totals, exact paise. */
export function gstr1SummaryView(report: Gstr1Return) {
  const t = report.totals;
  return {
    fp: report.json.fp as string,
    b2b: { count: t.b2b.count, ...amounts(t.b2b) },
    b2cl: { count: t.b2cl.count, ...amounts(t.b2cl) },
    b2cs: { invoices: t.b2cs.invoices, credit_notes: t.b2cs.creditNotes, ...amounts(t.b2cs) },
    cdnr: { count: t.cdnr.count, ...amounts(t.cdnr) },
    cdnur: { count: t.cdnur.count, ...amounts(t.cdnur) },
    hsn_b2b: amounts(t.hsnB2b),
    hsn_b2c: amounts(t.hsnB2c),
  };
}
