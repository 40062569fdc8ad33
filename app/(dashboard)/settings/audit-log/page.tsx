import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/ui";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { parseAuditPageQuery } from "@/lib/audit/page-query";
import { accountAuditLogQuerySchema } from "@/lib/audit/schemas";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Audit log · Settings" };

export default async function AccountAuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAccountMember();
  if (!member.can("audit_log:read")) notFound();
  const { query, values, error } = parseAuditPageQuery(accountAuditLogQuerySchema, await searchParams);
  const page = await listAuditLog(await getDb(), { ...query, scopeAccountId: member.account.accountId });
  const filters = new URLSearchParams(Object.entries(values).filter(([k]) => k !== "before"));
  const older = new URLSearchParams(filters);
  if (page.next_cursor) older.set("before", page.next_cursor);
  return (
    <>
      <PageHeader title="Audit log" description={`Who changed what in ${member.account.accountName}: team, keys, webhooks, billing settings, refunds and credit adjustments.`} />
      <AuditFilters values={values} showAccount={false} />
      {error ? <p className="mb-3 text-sm text-red-700">{error} (showing the latest instead)</p> : null}
      <AuditTable entries={page.entries} showAccount={false} />
      <nav className="mt-4 flex gap-4 text-sm" aria-label="Audit log pages">
        {values.before ? <Link className="font-medium text-brand-700 underline" href={`/settings/audit-log?${filters.toString()}`}>Newest</Link> : null}
        {page.next_cursor ? <Link className="font-medium text-brand-700 underline" href={`/settings/audit-log?${older.toString()}`}>Older →</Link> : null}
      </nav>
    </>
  );
}
