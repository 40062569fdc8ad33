import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/billing/primitives";
import { StatementLines } from "@/components/billing/statement-lines";
import { Card, DataTable, EmptyState, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getStatement } from "@/lib/credits/get-statement";
import { statementQuerySchema } from "@/lib/credits/statement-query";
import { getDb } from "@/lib/db";
import { formatCredits } from "@/lib/money/format-inr";

export const metadata: Metadata = { title: "Credit statement" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const KEYS = ["from", "to", "group", "cursor"] as const;

export default async function StatementPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const member = await requireAccountMember();
  if (!member.can("credits:statement")) notFound();
  const params = await searchParams;
  const raw: Record<string, string> = {};
  for (const key of KEYS) if (one(params[key])) raw[key] = one(params[key]);
  const parsed = statementQuerySchema.safeParse(raw);
  const result = parsed.success ? await getStatement(await getDb(), member.account.accountId, parsed.data) : null;
  const period = new URLSearchParams();
  if (raw.from) period.set("from", raw.from);
  if (raw.to) period.set("to", raw.to);
  const withPeriod = (path: string, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams(period);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const qs = q.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const groupExtra: Record<string, string> = raw.group ? { group: raw.group } : {};

  return (
    <>
      <PageHeader
        title="Credit statement"
        description="Every credit in and out of the account, with its cause and the balance after it. Usage is summed per IST day; open a day to see it per API key."
        actions={
          <div className="flex flex-wrap gap-2 text-sm">
            <a className="rounded border border-slate-300 px-3 py-1.5 font-medium" href={withPeriod("/api/v1/credits/statement")} download>
              Statement PDF
            </a>
            {member.can("exports:read") ? (
              <>
                <a className="rounded border border-slate-300 px-3 py-1.5 font-medium" href={withPeriod("/api/v1/exports/ledger", { format: "csv" })} download>
                  Ledger CSV
                </a>
                <a className="rounded border border-slate-300 px-3 py-1.5 font-medium" href={withPeriod("/api/v1/exports/ledger", { format: "xlsx" })} download>
                  Ledger XLSX
                </a>
              </>
            ) : null}
          </div>
        }
      />
      <form method="get" role="search" aria-label="Statement period" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">From (IST)</span>
          <input type="date" name="from" defaultValue={raw.from ?? ""} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">To (IST)</span>
          <input type="date" name="to" defaultValue={raw.to ?? ""} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Usage</span>
          <select name="group" defaultValue={raw.group ?? "day"} className="rounded border border-slate-300 px-2 py-1">
            <option value="day">One line per day</option>
            <option value="none">Every entry</option>
          </select>
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">Show</button>
        <Link href="/billing/statement" className="px-1 py-1.5 underline">Clear</Link>
      </form>
      {!parsed.success || !result ? (
        <Notice tone="danger" title="Those filters aren't valid">
          {parsed.success ? null : parsed.error.issues.map((i) => `${String(i.path[0] ?? "filter")} ${i.message}`).join("; ")}.{" "}
          <Link href="/billing/statement" className="font-medium underline">Clear filters</Link>
        </Notice>
      ) : (
        <>
          {result.balances && result.balances.months.length > 0 ? (
            <Card title="Monthly balances" className="mb-4">
              <DataTable minWidthRem={30} headers={[{ label: "Month" }, { label: "Opening", align: "right" }, { label: "Closing", align: "right" }, { label: "Change", align: "right" }]}>
                {result.balances.months.map((m) => (
                  <tr key={m.month} data-testid="month-balance">
                    <td className="py-2 pr-3" data-label="Month">{m.from} – {m.to}</td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-label="Opening">{formatCredits(m.openingBalanceCredits)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-label="Closing">{formatCredits(m.closingBalanceCredits)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-label="Change">{formatCredits(m.closingBalanceCredits - m.openingBalanceCredits)}</td>
                  </tr>
                ))}
              </DataTable>
            </Card>
          ) : null}
          {result.page.lines.length === 0 ? (
            <EmptyState title="No credit movements in this period">Top-ups, plan credits, coupons and usage appear here as they happen.</EmptyState>
          ) : (
            <Card>
              <p className="mb-2 text-sm text-slate-600">Balance before these lines: {formatCredits(result.page.openingBalanceCredits)} credits.</p>
              <StatementLines lines={result.page.lines} />
              <nav aria-label="Statement pages" className="mt-3 flex gap-4 text-sm">
                {raw.cursor ? <Link className="underline" href={withPeriod("/billing/statement", groupExtra)}>First page</Link> : null}
                {result.page.nextCursor ? (
                  <Link className="underline" href={withPeriod("/billing/statement", { ...groupExtra, cursor: result.page.nextCursor })}>Next page</Link>
                ) : null}
              </nav>
            </Card>
          )}
        </>
      )}
    </>
  );
}
