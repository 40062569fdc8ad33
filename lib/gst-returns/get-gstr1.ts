import { sql } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { buildGstr1, type Gstr1CreditNote, type Gstr1Invoice, type Gstr1Return } from "./build-gstr1";
import { gstr1Csv } from "./gstr1-view";
import type { Gstr1Period } from "./schemas";

interface DocRow {
  number: string;
  financial_year: string;
  sequence_number: number;
  issued_at: Date | string;
  taxable_paise: string;
  cgst_paise: string;
  sgst_paise: string;
  igst_paise: string;
  total_paise: string;
}

interface InvoiceRow extends DocRow {
  recipient_gstin: string | null;
  pos: string;
  supply_kind: "intra" | "inter";
  rate: string;
  sac: string;
}

/** The invoice columns every query reads (alias i), with what the return needs from the immutable snapshot. */
const INVOICE_COLUMNS = sql`i.invoice_number as number, i.financial_year, i.sequence_number, i.issued_at,
  i.taxable_paise::text, i.cgst_paise::text, i.sgst_paise::text, i.igst_paise::text, i.total_paise::text,
  nullif(i.snapshot->'recipient'->>'gstin', '') as recipient_gstin, i.snapshot->'placeOfSupply'->>'stateCode' as pos,
  i.snapshot->>'supplyKind' as supply_kind, i.snapshot->>'taxRatePercent' as rate, i.snapshot->'lineItems'->0->>'sacCode' as sac`;

function amounts(row: DocRow) {
  return {
    taxablePaise: BigInt(row.taxable_paise),
    cgstPaise: BigInt(row.cgst_paise),
    sgstPaise: BigInt(row.sgst_paise),
    igstPaise: BigInt(row.igst_paise),
    totalPaise: BigInt(row.total_paise),
  };
}

function invoiceOf(row: InvoiceRow): Gstr1Invoice {
  return {
    ...amounts(row),
    number: row.number,
    financialYear: row.financial_year,
    sequenceNumber: Number(row.sequence_number),
    issuedAt: new Date(row.issued_at),
    recipientGstin: row.recipient_gstin,
    placeOfSupply: row.pos,
    supplyKind: row.supply_kind,
    ratePercent: Number(row.rate),
    sacCode: row.sac,
  };
}

/**
 * Operators only: the supplier's GSTR-1 for a period (every account's invoices and credit notes dated in it, IST).
 * Read-only, one consistent snapshot (repeatable read), nothing locked.
 */
export async function getGstr1(db: Db, period: Gstr1Period): Promise<Gstr1Return> {
  const { startUtc, endUtc } = period;
  const from = startUtc.toISOString();
  const to = endUtc.toISOString();
  const [invoiceRows, noteRows] = await db.transaction(
    async (tx) => {
      const inv = rowsOf<InvoiceRow>(
        await tx.execute(sql`select ${INVOICE_COLUMNS} from invoices i
          where i.issued_at >= ${from}::timestamptz and i.issued_at < ${to}::timestamptz
          order by i.financial_year, i.sequence_number`),
      );
      const notes = rowsOf<DocRow & { invoice: InvoiceRow }>(
        await tx.execute(sql`select n.credit_note_number as number, n.financial_year, n.sequence_number, n.issued_at,
            n.taxable_paise::text, n.cgst_paise::text, n.sgst_paise::text, n.igst_paise::text, n.total_paise::text,
            to_jsonb(x) as invoice
          from credit_notes n
          cross join lateral (select ${INVOICE_COLUMNS} from invoices i where i.id = n.invoice_id) x
          where n.issued_at >= ${from}::timestamptz and n.issued_at < ${to}::timestamptz
          order by n.financial_year, n.sequence_number`),
      );
      return [inv, notes] as const;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const creditNotes: Gstr1CreditNote[] = noteRows.map((row) => ({
    ...amounts(row),
    number: row.number,
    financialYear: row.financial_year,
    sequenceNumber: Number(row.sequence_number),
    issuedAt: new Date(row.issued_at),
    invoice: invoiceOf(row.invoice),
  }));
  return buildGstr1({ gstin: getEnv().SUPPLIER_GSTIN ?? "", fp: period.fp, invoices: invoiceRows.map(invoiceOf), creditNotes });
}

/** GET /api/v1/admin/gstr1: the return as a download, the offline tool's JSON or the CSV. */
export async function gstr1Download(db: Db, query: Gstr1Period & { format: "json" | "csv" }): Promise<Response> {
  const report = await getGstr1(db, query);
  const gstin = (report.json.gstin as string) || "supplier";
  const csv = query.format === "csv";
  return new Response(csv ? gstr1Csv(report) : JSON.stringify(report.json), {
    status: 200,
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="GSTR1_${gstin}_${query.label}.${query.format}"`,
      "cache-control": "no-store",
    },
  });
}
