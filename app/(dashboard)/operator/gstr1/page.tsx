import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { td, th } from "@/components/billing/primitives";
import { Card, PageHeader } from "@/components/ui";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { getGstr1 } from "@/lib/gst-returns/get-gstr1";
import { gstr1SummaryView } from "@/lib/gst-returns/gstr1-view";
import { gstr1QuerySchema } from "@/lib/gst-returns/schemas";
import { formatInr } from "@/lib/money/format-inr";
import { istMonthKey } from "@/lib/money/ist";

export const metadata: Metadata = { title: "GSTR-1 · Operator" };

const SECTIONS = [
  ["b2b", "B2B (registered recipients, invoice-wise)"],
  ["b2cl", "B2CL (inter-state B2C invoices above ₹1,00,000)"],
  ["b2cs", "B2CS (other B2C, per state and rate, net of their credit notes)"],
  ["cdnr", "CDNR (credit notes to registered recipients)"],
  ["cdnur", "CDNUR (credit notes against B2CL invoices)"],
  ["hsn_b2b", "HSN/SAC summary — B2B (net)"],
  ["hsn_b2c", "HSN/SAC summary — B2C (net)"],
] as const;

function previousMonth(now: Date): string {
  const [y, m] = istMonthKey(now).split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export default async function OperatorGstr1Page({ searchParams }: { searchParams: Promise<{ period?: string }> }) {
  const member = await requirePageMember();
  if (!member.can("operator:gst_returns")) notFound();
  const { period: wanted } = await searchParams;
  const parsed = gstr1QuerySchema.safeParse({ period: wanted ?? previousMonth(new Date()) });
  const period = parsed.success ? parsed.data : gstr1QuerySchema.parse({ period: previousMonth(new Date()) });
  const summary = gstr1SummaryView(await getGstr1(await getDb(), period));
  const href = (format: "json" | "csv") => `/api/v1/admin/gstr1?period=${period.label}&format=${format}`;

  return (
    <>
      <PageHeader
        title="GSTR-1"
        description="The supplier's outward supplies of a month, from the invoices and credit notes dated in it (IST), as the GST portal's offline tool imports them (JSON) or as a spreadsheet (CSV). For a quarter, use the API with from and to."
      />
      <Card title="Period" className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col gap-1">
            <span className="font-medium text-slate-700">Month</span>
            <input type="month" name="period" defaultValue={period.label} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white">Show</button>
          <a href={href("json")} download className="rounded-md border border-slate-300 px-3 py-1.5 font-medium" data-testid="gstr1-download-json">
            Download JSON (offline tool)
          </a>
          <a href={href("csv")} download className="rounded-md border border-slate-300 px-3 py-1.5 font-medium" data-testid="gstr1-download-csv">
            Download CSV
          </a>
        </form>
        {!parsed.success ? <p className="mt-2 text-sm text-red-700">That month is not valid; showing {period.label}.</p> : null}
      </Card>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="GSTR-1 sections" tabIndex={0}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={th}>Section</th>
              <th scope="col" className={th}>Documents</th>
              <th scope="col" className={th}>Taxable value</th>
              <th scope="col" className={th}>IGST</th>
              <th scope="col" className={th}>CGST</th>
              <th scope="col" className={th}>SGST/UTGST</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {SECTIONS.map(([key, label]) => {
              const s = summary[key];
              const docs = "count" in s ? String(s.count) : "invoices" in s ? `${s.invoices} invoices, ${s.credit_notes} notes` : "—";
              return (
                <tr key={key} data-testid={`gstr1-${key}`}>
                  <td className={td}>{label}</td>
                  <td className={td}>{docs}</td>
                  <td className={`${td} tabular-nums`}>{formatInr(s.taxable_paise)}</td>
                  <td className={`${td} tabular-nums`}>{formatInr(s.igst_paise)}</td>
                  <td className={`${td} tabular-nums`}>{formatInr(s.cgst_paise)}</td>
                  <td className={`${td} tabular-nums`}>{formatInr(s.sgst_paise)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
