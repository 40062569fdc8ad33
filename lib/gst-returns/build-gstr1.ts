/**
 * GSTR-1 of a period from its invoices and credit notes, in integer paise, shaped as the GST portal's offline tool
 * JSON (docs/BILLING.md, "GSTR-1", names the version, its sources and every choice). Pure: the documents come in, the return goes out.
 *
 * Sections (CGST Rule 59(4)):
 *   b2b   – invoices to a registered recipient (GSTIN), per recipient, invoice-wise;
 *   b2cl  – inter-state invoices to an unregistered recipient above the B2CL threshold, per place of supply;
 *   b2cs  – every other B2C invoice, consolidated per place of supply, supply type and rate, NET of the period's
 *           credit notes against such invoices (those are not reported note-wise);
 *   cdnr  – credit notes against B2B invoices, per recipient; cdnur – credit notes against B2CL invoices;
 *   hsn   – Table 12, split B2B / B2C (since the May 2025 period), per SAC and rate, net of credit notes;
 *   doc_issue – Table 13: each series' consecutive runs of numbers issued in the period.
 */
import { paiseToRupees } from "@/lib/money/format-inr";
import { istDateString } from "@/lib/money/ist";

/**
 * The offline tool's JSON version this follows (the `version` key it writes): GST3.2.4, the release with Table 12
 * split into hsn_b2b / hsn_b2c (GST3.1.x wrote one `hsn.data` list). GSTN publishes no schema; docs/BILLING.md says
 * where this comes from.
 */
export const GSTR1_JSON_VERSION = "GST3.2.4";

/**
 * B2CL threshold: invoice value MORE than ₹1,00,000 from 1 August 2024 (Rule 59(4)(a)(ii) as amended by Notification
 * 12/2024–Central Tax of 10 July 2024); ₹2,50,000 before.
 */
export function b2clThresholdPaise(invoiceDate: Date): bigint {
  return invoiceDate.getTime() >= Date.UTC(2024, 6, 31, 18, 30) ? 1_00_000_00n : 2_50_000_00n;
}

/** Services have no quantity: the offline tool takes UQC "NA" with quantity 0 for a SAC. */
export const SERVICE_UQC = "NA";

export interface Gstr1Amounts {
  taxablePaise: bigint;
  cgstPaise: bigint;
  sgstPaise: bigint;
  igstPaise: bigint;
  /** The document's value: what was paid (taxable + taxes + round-off). */
  totalPaise: bigint;
}

export interface Gstr1Invoice extends Gstr1Amounts {
  number: string;
  financialYear: string;
  sequenceNumber: number;
  issuedAt: Date;
  recipientGstin: string | null;
  placeOfSupply: string;
  supplyKind: "intra" | "inter";
  /** Total GST rate in percent, e.g. 18. */
  ratePercent: number;
  sacCode: string;
}

export interface Gstr1CreditNote extends Gstr1Amounts {
  number: string;
  financialYear: string;
  sequenceNumber: number;
  issuedAt: Date;
  invoice: Gstr1Invoice;
}

export type Gstr1Section = "b2b" | "b2cl" | "b2cs";

export function invoiceSection(invoice: Gstr1Invoice): Gstr1Section {
  if (invoice.recipientGstin) return "b2b";
  if (invoice.supplyKind === "inter" && invoice.totalPaise > b2clThresholdPaise(invoice.issuedAt)) return "b2cl";
  return "b2cs";
}

const rupees = (paise: bigint) => paiseToRupees(paise);
/** dd-mm-yyyy, the IST date, as the portal writes dates. */
export const portalDate = (d: Date) => istDateString(d).split("-").reverse().join("-");

/** itms[].num: the offline tool numbers a document's rate-wise lines as rate × 100 + 1 (18% → 1801). */
const itemNum = (ratePercent: number) => Math.round(ratePercent * 100) + 1;

function itmDet(doc: Gstr1Amounts, ratePercent: number, kind: "intra" | "inter") {
  return kind === "intra"
    ? { txval: rupees(doc.taxablePaise), rt: ratePercent, camt: rupees(doc.cgstPaise), samt: rupees(doc.sgstPaise), csamt: 0 }
    : { txval: rupees(doc.taxablePaise), rt: ratePercent, iamt: rupees(doc.igstPaise), csamt: 0 };
}

const zero = (): Gstr1Amounts => ({ taxablePaise: 0n, cgstPaise: 0n, sgstPaise: 0n, igstPaise: 0n, totalPaise: 0n });
function add(into: Gstr1Amounts, doc: Gstr1Amounts, sign: 1n | -1n = 1n): void {
  into.taxablePaise += sign * doc.taxablePaise;
  into.cgstPaise += sign * doc.cgstPaise;
  into.sgstPaise += sign * doc.sgstPaise;
  into.igstPaise += sign * doc.igstPaise;
  into.totalPaise += sign * doc.totalPaise;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** Table 13: consecutive runs of each series (a late-settled invoice dated in another period leaves a hole). */
function documentRuns(docs: { number: string; financialYear: string; sequenceNumber: number }[]) {
  const runs: { from: string; to: string; count: number }[] = [];
  const series = groupBy(docs, (d) => `${d.number.slice(0, d.number.lastIndexOf("-"))}`);
  for (const [, list] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = [...list].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    for (const doc of sorted) {
      const last = runs.at(-1);
      const prev = sorted[sorted.indexOf(doc) - 1];
      if (last && prev && prev.sequenceNumber + 1 === doc.sequenceNumber) {
        last.to = doc.number;
        last.count += 1;
      } else runs.push({ from: doc.number, to: doc.number, count: 1 });
    }
  }
  return runs.map((r, i) => ({ num: i + 1, from: r.from, to: r.to, totnum: r.count, cancel: 0, net_issue: r.count }));
}

export interface Gstr1Input {
  gstin: string;
  /** Return period, MMYYYY (a quarter's last month for quarterly filers). */
  fp: string;
  invoices: Gstr1Invoice[];
  creditNotes: Gstr1CreditNote[];
  hsnDescription?: string;
}

export interface Gstr1Totals {
  b2b: Gstr1Amounts & { count: number };
  b2cl: Gstr1Amounts & { count: number };
  /** Net of the credit notes against B2CS invoices. */
  b2cs: Gstr1Amounts & { invoices: number; creditNotes: number };
  cdnr: Gstr1Amounts & { count: number };
  cdnur: Gstr1Amounts & { count: number };
  hsnB2b: Gstr1Amounts;
  hsnB2c: Gstr1Amounts;
}

export interface Gstr1Return {
  json: Record<string, unknown>;
  totals: Gstr1Totals;
  invoices: Gstr1Invoice[];
  creditNotes: Gstr1CreditNote[];
}

export function buildGstr1(input: Gstr1Input): Gstr1Return {
  const { invoices, creditNotes } = input;
  const totals: Gstr1Totals = {
    b2b: { ...zero(), count: 0 },
    b2cl: { ...zero(), count: 0 },
    b2cs: { ...zero(), invoices: 0, creditNotes: 0 },
    cdnr: { ...zero(), count: 0 },
    cdnur: { ...zero(), count: 0 },
    hsnB2b: zero(),
    hsnB2c: zero(),
  };
  const bySection = groupBy(invoices, invoiceSection);
  const invoiceJson = (inv: Gstr1Invoice) => ({
    inum: inv.number,
    idt: portalDate(inv.issuedAt),
    val: rupees(inv.totalPaise),
  });

  const b2bInvoices = bySection.get("b2b") ?? [];
  const b2b = [...groupBy(b2bInvoices, (i) => i.recipientGstin!)].sort(([a], [b]) => a.localeCompare(b)).map(([ctin, list]) => ({
    ctin,
    inv: list.map((inv) => {
      add(totals.b2b, inv);
      totals.b2b.count += 1;
      return {
        ...invoiceJson(inv),
        pos: inv.placeOfSupply,
        rchrg: "N",
        inv_typ: "R",
        itms: [{ num: itemNum(inv.ratePercent), itm_det: itmDet(inv, inv.ratePercent, inv.supplyKind) }],
      };
    }),
  }));

  const b2cl = [...groupBy(bySection.get("b2cl") ?? [], (i) => i.placeOfSupply)].sort(([a], [b]) => a.localeCompare(b)).map(([pos, list]) => ({
    pos,
    inv: list.map((inv) => {
      add(totals.b2cl, inv);
      totals.b2cl.count += 1;
      return { ...invoiceJson(inv), itms: [{ num: itemNum(inv.ratePercent), itm_det: itmDet(inv, inv.ratePercent, "inter") }] };
    }),
  }));

  // B2CS: invoices plus (negatively) the notes against B2CS invoices, per (pos, supply type, rate).
  const b2csRows = new Map<string, Gstr1Amounts & { pos: string; kind: "intra" | "inter"; rate: number }>();
  const b2csRow = (inv: Gstr1Invoice) => {
    const key = `${inv.placeOfSupply}|${inv.supplyKind}|${inv.ratePercent}`;
    let row = b2csRows.get(key);
    if (!row) b2csRows.set(key, (row = { ...zero(), pos: inv.placeOfSupply, kind: inv.supplyKind, rate: inv.ratePercent }));
    return row;
  };
  for (const inv of bySection.get("b2cs") ?? []) {
    add(b2csRow(inv), inv);
    add(totals.b2cs, inv);
    totals.b2cs.invoices += 1;
  }

  const cdnrNotes: Gstr1CreditNote[] = [];
  const cdnurNotes: Gstr1CreditNote[] = [];
  for (const note of creditNotes) {
    const section = invoiceSection(note.invoice);
    if (section === "b2b") cdnrNotes.push(note);
    else if (section === "b2cl") cdnurNotes.push(note);
    else {
      add(b2csRow(note.invoice), note, -1n);
      add(totals.b2cs, note, -1n);
      totals.b2cs.creditNotes += 1;
    }
  }
  const noteJson = (note: Gstr1CreditNote) => ({
    ntty: "C",
    nt_num: note.number,
    nt_dt: portalDate(note.issuedAt),
    val: rupees(note.totalPaise),
  });
  const cdnr = [...groupBy(cdnrNotes, (n) => n.invoice.recipientGstin!)].sort(([a], [b]) => a.localeCompare(b)).map(([ctin, list]) => ({
    ctin,
    nt: list.map((note) => {
      add(totals.cdnr, note);
      totals.cdnr.count += 1;
      const inv = note.invoice;
      return {
        ...noteJson(note),
        pos: inv.placeOfSupply,
        rchrg: "N",
        inv_typ: "R",
        itms: [{ num: itemNum(inv.ratePercent), itm_det: itmDet(note, inv.ratePercent, inv.supplyKind) }],
      };
    }),
  }));
  const cdnur = cdnurNotes.map((note) => {
    add(totals.cdnur, note);
    totals.cdnur.count += 1;
    const inv = note.invoice;
    return { typ: "B2CL", ...noteJson(note), pos: inv.placeOfSupply, itms: [{ num: itemNum(inv.ratePercent), itm_det: itmDet(note, inv.ratePercent, "inter") }] };
  });

  const b2cs = [...b2csRows.values()]
    .sort((a, b) => `${a.pos}|${a.kind}|${a.rate}`.localeCompare(`${b.pos}|${b.kind}|${b.rate}`))
    .map((row) =>
      row.kind === "intra"
        ? { sply_ty: "INTRA", pos: row.pos, typ: "OE", rt: row.rate, txval: rupees(row.taxablePaise), camt: rupees(row.cgstPaise), samt: rupees(row.sgstPaise), csamt: 0 }
        : { sply_ty: "INTER", pos: row.pos, typ: "OE", rt: row.rate, txval: rupees(row.taxablePaise), iamt: rupees(row.igstPaise), csamt: 0 },
    );

  // Table 12, per SAC and rate, net of credit notes; B2B = invoices and notes of registered recipients.
  const hsn = { b2b: new Map<string, Gstr1Amounts>(), b2c: new Map<string, Gstr1Amounts>() };
  const hsnAdd = (inv: Gstr1Invoice, doc: Gstr1Amounts, sign: 1n | -1n) => {
    const table = inv.recipientGstin ? hsn.b2b : hsn.b2c;
    const key = `${inv.sacCode}|${inv.ratePercent}`;
    if (!table.has(key)) table.set(key, zero());
    add(table.get(key)!, doc, sign);
    add(inv.recipientGstin ? totals.hsnB2b : totals.hsnB2c, doc, sign);
  };
  for (const inv of invoices) hsnAdd(inv, inv, 1n);
  for (const note of creditNotes) hsnAdd(note.invoice, note, -1n);
  const hsnRows = (table: Map<string, Gstr1Amounts>) =>
    [...table].sort(([a], [b]) => a.localeCompare(b)).map(([key, a], i) => {
      const [sac, rate] = key.split("|");
      return {
        num: i + 1,
        hsn_sc: sac!,
        desc: input.hsnDescription ?? "Information technology (IT) infrastructure provisioning services",
        uqc: SERVICE_UQC,
        qty: 0,
        rt: Number(rate),
        txval: rupees(a.taxablePaise),
        iamt: rupees(a.igstPaise),
        camt: rupees(a.cgstPaise),
        samt: rupees(a.sgstPaise),
        csamt: 0,
      };
    });

  const docDet = [
    { doc_num: 1, doc_typ: "Invoices for outward supply", docs: documentRuns(invoices) },
    { doc_num: 5, doc_typ: "Credit Note", docs: documentRuns(creditNotes) },
  ].filter((d) => d.docs.length > 0);

  const json: Record<string, unknown> = {
    gstin: input.gstin,
    fp: input.fp,
    version: GSTR1_JSON_VERSION,
    hash: "hash",
    b2b,
    b2cl,
    b2cs,
    cdnr,
    cdnur,
    hsn: { hsn_b2b: hsnRows(hsn.b2b), hsn_b2c: hsnRows(hsn.b2c) },
    doc_issue: { doc_det: docDet },
  };
  return { json, totals, invoices, creditNotes };
}
