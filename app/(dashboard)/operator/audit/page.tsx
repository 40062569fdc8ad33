import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/ui";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { parseAuditPageQuery } from "@/lib/audit/page-query";
import { auditLogQuerySchema } from "@/lib/audit/schemas";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Audit log · Operator" };

export default async function OperatorAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requirePageMember();
  if (!member.can("operator:audit")) notFound();
  const { query, values, error } = parseAuditPageQuery(auditLogQuerySchema, await searchParams);
  const page = await listAuditLog(await getDb(), query);
  const filters = new URLSearchParams(Object.entries(values).filter(([k]) => k !== "before"));
  const older = new URLSearchParams(filters);
  if (page.next_cursor) older.set("before", page.next_cursor);
  return (
    <>
      <PageHeader title="Audit log" description="Every change to money, access or configuration, by operators, owners, admins and API keys: who, when, from where, what, and the fields that changed. Append-only." />
      <AuditFilters values={values} showAccount csvHref={`/api/v1/admin/audit-log.csv?${filters.toString()}`} />
      {error ? <p className="mb-3 text-sm text-red-700">{error} (showing the latest instead)</p> : null}
      <AuditTable entries={page.entries} showAccount />
      <nav className="mt-4 flex gap-4 text-sm" aria-label="Audit log pages">
        {values.before ? <Link className="font-medium text-brand-700 underline" href={`/operator/audit?${filters.toString()}`}>Newest</Link> : null}
        {page.next_cursor ? <Link className="font-medium text-brand-700 underline" href={`/operator/audit?${older.toString()}`}>Older →</Link> : null}
      </nav>
    </>
  );
}
