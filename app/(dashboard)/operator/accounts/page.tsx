import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { td, th } from "@/components/billing/primitives";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui";
import { toAccountSearchView } from "@/lib/admin-accounts/account-overview-view";
import { accountSearchQuerySchema } from "@/lib/admin-accounts/schemas";
import { searchAccounts } from "@/lib/admin-accounts/search-accounts";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Accounts · Operator" };

const MATCH_LABEL: Record<string, string> = {
  account_id: "Account id",
  order_id: "Order id",
  cf_order_id: "Cashfree order id",
  email: "Email",
  gstin: "GSTIN",
  invoice_number: "Invoice",
  credit_note_number: "Credit note",
  receipt_number: "Receipt",
  name: "Name",
};

export default async function OperatorAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requirePageMember();
  if (!member.can("operator:accounts")) notFound();
  const { q } = await searchParams;
  const text = typeof q === "string" ? q : "";
  const parsed = text ? accountSearchQuerySchema.safeParse({ q: text }) : null;
  const found = parsed?.success ? toAccountSearchView(parsed.data.q, await searchAccounts(await getDb(), parsed.data)) : null;
  return (
    <>
      <PageHeader title="Accounts" description="Find an account by its name, a member's or billing email, GSTIN, an order id (Khata's or Cashfree's), an invoice, credit note or receipt number." />
      <Card className="mb-6">
        <form action="/operator/accounts" method="get" role="search" className="flex flex-wrap items-end gap-3">
          <label className="grid flex-1 gap-1 text-sm font-medium text-slate-800" htmlFor="account-search">
            Search
            <input
              id="account-search"
              name="q"
              defaultValue={text}
              required
              minLength={2}
              maxLength={200}
              placeholder="KH-2627-000001, 29ABCDE1234F1Z5, priya@acme.in, Acme…"
              className="min-h-10 rounded-md border border-slate-300 px-3 py-2 font-normal text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
            />
          </label>
          <button type="submit" className="min-h-10 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">
            Search
          </button>
        </form>
      </Card>
      {parsed && !parsed.success ? <p className="text-sm text-red-700">{parsed.error.issues[0]?.message}</p> : null}
      {found && found.accounts.length === 0 ? <EmptyState title="No account matches">Nothing has this {found.kinds.map((k) => MATCH_LABEL[k]?.toLowerCase()).join(" or ")}.</EmptyState> : null}
      {found && found.accounts.length > 0 ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Accounts found" tabIndex={0}>
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={th}>Account</th>
                <th scope="col" className={th}>Legal name</th>
                <th scope="col" className={th}>GSTIN</th>
                <th scope="col" className={th}>Plan</th>
                <th scope="col" className={th}>Matched</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {found.accounts.map((a) => (
                <tr key={a.account_id} data-testid="account-hit">
                  <td className={td}>
                    <Link href={a.href} className="font-medium text-brand-700 underline">
                      {a.name}
                    </Link>
                    <span className="block font-mono text-xs text-slate-600">{a.account_id}</span>
                    {a.suspended ? <Badge tone="red">Suspended</Badge> : null}
                  </td>
                  <td className={td}>{a.legal_name ?? "—"}</td>
                  <td className={`${td} font-mono text-xs`}>{a.gstin ?? "—"}</td>
                  <td className={td}>{a.plan}</td>
                  <td className={td}>
                    {MATCH_LABEL[a.matched_by]}: <span className="font-mono text-xs">{a.matched}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
