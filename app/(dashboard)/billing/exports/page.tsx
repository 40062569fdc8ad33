import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/billing/primitives";
import { Card, DataTable, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { EXPORT_KINDS, type ExportKind } from "@/lib/exports/export-sources";
import { exportQuerySchema } from "@/lib/exports/export-query";

export const metadata: Metadata = { title: "Exports" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const DESCRIPTIONS: Record<ExportKind, { title: string; text: string }> = {
  payments: { title: "Payments", text: "Paid top-ups and plans (Cashfree and offline), with the invoice of each." },
  invoices: { title: "Invoices", text: "Tax invoices with taxable value, CGST, SGST/UTGST, IGST and total." },
  credit_notes: { title: "Credit notes", text: "Credit notes against invoices (refunds, disputes, cancellations), each tax column." },
  ledger: { title: "Credit ledger", text: "Every ledger entry with its cause and the balance after it." },
  usage: { title: "Usage", text: "Calls and credits used per IST day per API key." },
};

export default async function ExportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const member = await requireAccountMember();
  if (!member.can("exports:read")) notFound();
  const params = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of ["from", "to"] as const) if (one(params[key])) raw[key] = one(params[key]);
  const parsed = exportQuerySchema.safeParse(raw);
  const href = (kind: ExportKind, format: "csv" | "xlsx") => `/api/v1/exports/${kind}?${new URLSearchParams({ ...raw, format }).toString()}`;

  return (
    <>
      <PageHeader title="Exports" description="Download the account's books for any period (IST dates, both inclusive; empty = from the start / up to today) as CSV or Excel." />
      <form method="get" role="search" aria-label="Export period" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">From (IST)</span>
          <input type="date" name="from" defaultValue={raw.from ?? ""} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">To (IST)</span>
          <input type="date" name="to" defaultValue={raw.to ?? ""} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">Set period</button>
        <Link href="/billing/exports" className="px-1 py-1.5 underline">Clear</Link>
      </form>
      {!parsed.success ? (
        <Notice tone="danger" title="That period isn't valid">
          {parsed.error.issues.map((i) => `${String(i.path[0] ?? "period")} ${i.message}`).join("; ")}.
        </Notice>
      ) : (
        <Card>
          <DataTable minWidthRem={36} headers={[{ label: "Export" }, { label: "Contents" }, { label: "Download", align: "right" }]}>
            {EXPORT_KINDS.map((kind) => (
              <tr key={kind}>
                <td className="py-2 pr-3 font-medium" data-label="Export">{DESCRIPTIONS[kind].title}</td>
                <td className="py-2 pr-3 text-slate-700" data-label="Contents">{DESCRIPTIONS[kind].text}</td>
                <td className="space-x-3 py-2 pr-3 text-right" data-label="Download">
                  <a className="text-blue-700 underline" href={href(kind, "csv")} download>
                    <span className="sr-only">{DESCRIPTIONS[kind].title} </span>CSV
                  </a>
                  <a className="text-blue-700 underline" href={href(kind, "xlsx")} download>
                    <span className="sr-only">{DESCRIPTIONS[kind].title} </span>XLSX
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}
    </>
  );
}
