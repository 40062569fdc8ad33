import type { Metadata } from "next";
import Link from "next/link";
import { NumberSearch } from "@/components/number-search";
import { CreditNoteTable } from "@/components/billing/credit-note-table";
import { td, th } from "@/components/billing/primitives";
import { EmptyState, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { listCreditNotes, listCreditNotesQuerySchema } from "@/lib/credit-notes/list-credit-notes";
import { getDb } from "@/lib/db";
import { listInvoices, listInvoicesQuerySchema } from "@/lib/invoices/list-invoices";
import { formatInr } from "@/lib/money/format-inr";
import { formatIstDate } from "@/lib/money/ist";

export const metadata: Metadata = { title: "Invoices" };

const PAGE_SIZE = 20;

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAccountMember();
  const params = await searchParams;
  const rawPage = params.page;
  const rawNumber = typeof params.number === "string" ? params.number.trim().slice(0, 16) : "";
  const page = Math.max(1, Number.parseInt(typeof rawPage === "string" ? rawPage : "1", 10) || 1);
  const db = await getDb();
  const { invoices, total, offset } = await listInvoices(
    db,
    member.account.accountId,
    listInvoicesQuerySchema.parse({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE), ...(rawNumber ? { number: rawNumber } : {}) }),
  );
  const withNumber = (href: string) => (rawNumber ? `${href}${href.includes("?") ? "&" : "?"}number=${encodeURIComponent(rawNumber)}` : href);
  // The newest credit notes (refunds, lost chargebacks); every one is also at GET /api/v1/credit-notes.
  const creditNotes = await listCreditNotes(db, member.account.accountId, listCreditNotesQuerySchema.parse({ limit: String(PAGE_SIZE) }));
  return (
    <>
      <PageHeader title="Invoices" description="GST tax invoices for every successful payment. Numbers run per financial year (April–March)." />
      <NumberSearch action="/invoices" label="Find an invoice by number" placeholder="e.g. KH-2627-000001" value={rawNumber} />
      {invoices.length === 0 && rawNumber ? (
        <EmptyState title="No invoice with that number">No invoice number of this account starts with {rawNumber}.</EmptyState>
      ) : invoices.length === 0 ? (
        <EmptyState title="No invoices yet">
          An invoice is issued automatically for every successful top-up or plan payment.{" "}
          {member.can("payments:create") ? (
            <Link href="/billing/top-up" className="font-medium text-brand-700 underline">
              Top up credits
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Invoices" tabIndex={0}>
            <table className="stack-on-mobile min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>Invoice no.</th>
                  <th scope="col" className={th}>Date</th>
                  <th scope="col" className={`${th} text-right`}>Taxable value</th>
                  <th scope="col" className={`${th} text-right`}>GST</th>
                  <th scope="col" className={`${th} text-right`}>Total</th>
                  <th scope="col" className={`${th} text-right`}>
                    <span className="sr-only">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invoices.map((inv) => (
                  <tr key={inv.invoice_number} data-testid="invoice-row" className="hover:bg-slate-50/60">
                    <td className={td} data-label="Invoice no.">
                      <Link href={`/invoices/${inv.invoice_number}`} className="font-medium text-brand-700 hover:underline">
                        {inv.invoice_number}
                      </Link>
                    </td>
                    <td className={td} data-label="Date">{formatIstDate(inv.issued_at)}</td>
                    <td className={`${td} text-right tabular-nums`} data-label="Taxable value">{formatInr(inv.taxable_paise)}</td>
                    <td className={`${td} text-right tabular-nums`} data-label="GST">
                      <span>
                        {formatInr(inv.cgst_paise + inv.sgst_paise + inv.igst_paise)}
                        <span className="ml-1 text-xs text-slate-500">{inv.igst_paise > 0n ? "IGST" : "CGST+SGST"}</span>
                      </span>
                    </td>
                    <td className={`${td} text-right font-medium tabular-nums`} data-label="Total">{formatInr(inv.total_paise)}</td>
                    <td className={`${td} text-right`}>
                      <a
                        href={`/api/v1/invoices/${inv.invoice_number}/pdf`}
                        download
                        className="font-medium text-brand-700 hover:underline"
                        aria-label={`Download PDF of ${inv.invoice_number}`}
                      >
                        PDF
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
            <p>
              Showing {offset + 1}–{offset + invoices.length} of {total}
            </p>
            <div className="flex gap-2">
              {page > 1 ? (
                <Link href={withNumber(page === 2 ? "/invoices" : `/invoices?page=${page - 1}`)} className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 hover:bg-slate-100">
                  Previous
                </Link>
              ) : null}
              {offset + invoices.length < total ? (
                <Link href={withNumber(`/invoices?page=${page + 1}`)} className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-900 hover:bg-slate-100">
                  Next
                </Link>
              ) : null}
            </div>
          </nav>
          {creditNotes.total > 0 ? (
            <section aria-labelledby="credit-notes-heading" className="mt-10">
              <h2 id="credit-notes-heading" className="text-lg font-semibold text-slate-900">
                Credit notes
              </h2>
              <p className="mb-3 mt-1 text-sm text-slate-600">
                GST credit notes for refunds and lost chargebacks, each against its original invoice. Numbers run per financial year.
                {creditNotes.total > creditNotes.credit_notes.length ? ` The newest ${creditNotes.credit_notes.length} of ${creditNotes.total}.` : null}
              </p>
              <CreditNoteTable creditNotes={creditNotes.credit_notes} />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
