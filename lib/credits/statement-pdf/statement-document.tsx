/**
 * The statement of account PDF: the invoices' stylesheet (lib/invoices/pdf/document-parts.tsx), the period's
 * opening and closing balances, each month's, and every statement line with its running balance. Pure
 * presentation of a StatementPdfData; fonts are registered by renderStatementPdf.
 */
import { Document, Page, Text, View } from "@react-pdf/renderer";
import { KV, s } from "@/lib/invoices/pdf/document-parts";
import { formatCredits } from "@/lib/money/format-inr";
import { formatIstDate, formatIstDateTime } from "@/lib/money/ist";
import type { StatementLine } from "../list-statement";
import type { PeriodBalances } from "../monthly-balances";
import { CAUSE_LABELS, causeOf, causeReference } from "../statement-view";

export interface StatementPdfData {
  supplierName: string;
  accountName: string;
  legalName: string | null;
  gstin: string | null;
  from: string;
  to: string;
  generatedAt: Date;
  balances: PeriodBalances;
  lines: StatementLine[];
  /** More lines than a PDF carries: the rest is in the ledger export. */
  truncated: boolean;
}

const COLS = [
  { key: "date", title: "Date (IST)", width: 17, align: "left" as const },
  { key: "cause", title: "Cause", width: 17, align: "left" as const },
  { key: "details", title: "Details", width: 36, align: "left" as const },
  { key: "amount", title: "Credits", width: 15, align: "right" as const },
  { key: "balance", title: "Balance", width: 15, align: "right" as const },
];

const signed = (n: bigint) => (n > 0n ? `+${formatCredits(n)}` : formatCredits(n));
const day = (d: string) => formatIstDate(new Date(`${d}T12:00:00+05:30`));

function details(line: StatementLine): string {
  if (line.type === "usage_day") {
    const keys = (line.keys ?? []).map((k) => `${k.apiKeyName ?? (k.apiKeyId ? k.apiKeyId : "session")} ${formatCredits(-k.amountCredits)}`).join(", ");
    return `${line.events?.toLocaleString("en-IN")} calls (${keys})`;
  }
  const ref = causeReference(line.causeKey);
  const link = line.invoice ? `Invoice ${line.invoice.number}` : line.coupon ? `Coupon ${line.coupon.code ?? line.coupon.id}` : ref.refundId ? `Refund ${ref.refundId}` : ref.disputeId ? `Dispute ${ref.disputeId}` : line.orderId ? `Order ${line.orderId}` : "";
  return [line.description, link].filter(Boolean).join(" · ");
}

export function StatementDocument({ data }: { data: StatementPdfData }) {
  const cell = (i: number, align: "left" | "right") => [s.td, align === "right" ? s.right : s.left, { width: `${COLS[i]!.width}%` }, ...(i === COLS.length - 1 ? [s.last] : [])];
  return (
    <Document title={`Statement of account ${data.from} to ${data.to}`} author={data.supplierName} creator="Khata" producer="Khata" language="en-IN">
      <Page size="A4" style={s.page}>
        <View style={s.header}>
          <View style={[s.supplierBlock, { width: "50%" }]}>
            <Text style={s.supplierName}>{data.supplierName}</Text>
            <Text style={s.muted}>Prepaid credits: 1 credit = ₹1</Text>
          </View>
          <View style={[s.titleBlock, { width: "50%" }]}>
            <Text style={[s.title, { fontSize: 13 }]}>STATEMENT OF ACCOUNT</Text>
            <Text style={s.copyLabel}>
              {day(data.from)} to {day(data.to)}
            </Text>
          </View>
        </View>
        <View style={s.headerRule} />
        <View style={s.boxes}>
          <View style={[s.box, s.boxLeft]}>
            <Text style={s.boxHeading}>ACCOUNT</Text>
            <Text style={s.partyName}>{data.legalName ?? data.accountName}</Text>
            {data.gstin ? <KV k="GSTIN" v={data.gstin} /> : null}
            <KV k="Generated" v={formatIstDateTime(data.generatedAt)} />
          </View>
          <View style={s.box}>
            <Text style={s.boxHeading}>BALANCES (CREDITS)</Text>
            <KV k="Opening" v={formatCredits(data.balances.openingBalanceCredits)} bold />
            <KV k="Closing" v={formatCredits(data.balances.closingBalanceCredits)} bold />
            <KV k="Change" v={signed(data.balances.closingBalanceCredits - data.balances.openingBalanceCredits)} />
          </View>
        </View>

        <View style={s.table}>
          <View style={s.tr}>
            {["Month", "Opening", "Closing", "Change"].map((t, i) => (
              <Text key={t} style={[s.th, i === 0 ? s.left : s.right, { width: "25%" }, ...(i === 3 ? [s.last] : [])]}>{t}</Text>
            ))}
          </View>
          {data.balances.months.map((m) => (
            <View key={m.month} style={s.tr} wrap={false}>
              <Text style={[s.td, s.left, { width: "25%" }]}>{`${day(m.from)} – ${day(m.to)}`}</Text>
              <Text style={[s.td, s.right, { width: "25%" }]}>{formatCredits(m.openingBalanceCredits)}</Text>
              <Text style={[s.td, s.right, { width: "25%" }]}>{formatCredits(m.closingBalanceCredits)}</Text>
              <Text style={[s.td, s.right, { width: "25%" }, s.last]}>{signed(m.closingBalanceCredits - m.openingBalanceCredits)}</Text>
            </View>
          ))}
        </View>

        <View style={s.table}>
          <View style={s.tr} fixed>
            {COLS.map((c, i) => (
              <Text key={c.key} style={[s.th, c.align === "right" ? s.right : s.left, { width: `${c.width}%` }, ...(i === COLS.length - 1 ? [s.last] : [])]}>{c.title}</Text>
            ))}
          </View>
          <View style={s.tr} wrap={false}>
            <Text style={cell(0, "left")}>{day(data.from)}</Text>
            <Text style={cell(1, "left")}>Opening balance</Text>
            <Text style={cell(2, "left")} />
            <Text style={cell(3, "right")} />
            <Text style={cell(4, "right")}>{formatCredits(data.balances.openingBalanceCredits)}</Text>
          </View>
          {data.lines.map((line) => (
            <View key={line.type === "usage_day" ? `u${line.key.day}` : `e${line.entryId}`} style={s.tr} wrap={false}>
              <Text style={cell(0, "left")}>{line.createdAt ? formatIstDateTime(line.createdAt).replace(" IST", "") : day(line.key.day)}</Text>
              <Text style={cell(1, "left")}>{CAUSE_LABELS[causeOf(line)]}</Text>
              <Text style={cell(2, "left")}>{details(line)}</Text>
              <Text style={cell(3, "right")}>{signed(line.amountCredits)}</Text>
              <Text style={cell(4, "right")}>{formatCredits(line.runningBalanceCredits)}</Text>
            </View>
          ))}
        </View>
        {data.truncated ? (
          <Text style={[s.declaration, s.muted]}>This period has more lines than one PDF carries; the ledger export (CSV or XLSX) has every entry.</Text>
        ) : null}
        <Text style={[s.declaration, s.muted]}>Usage is shown as one line per IST day (its balance is the day&apos;s closing balance). Amounts in credits; + in, − out.</Text>
        <View style={s.footer} fixed>
          <Text>{data.supplierName} · Statement of account</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}
