import Link from "next/link";
import type { StatementLine } from "@/lib/credits/list-statement";
import { CAUSE_LABELS, causeOf, causeReference } from "@/lib/credits/statement-view";
import { formatCredits } from "@/lib/money/format-inr";
import { formatIstDate, formatIstDateTime } from "@/lib/money/ist";
import { DataTable } from "@/components/ui";

const signed = (credits: bigint) => (credits > 0n ? `+${formatCredits(credits)}` : formatCredits(credits));

function Reference({ line }: { line: StatementLine }) {
  const ref = causeReference(line.causeKey);
  if (line.invoice) return <Link className="text-blue-700 underline" href={`/invoices/${line.invoice.number}`}>Invoice {line.invoice.number}</Link>;
  if (line.coupon) return <span>Coupon {line.coupon.code ?? line.coupon.id}</span>;
  if (line.apiKey) return <span>Key {line.apiKey.name ?? line.apiKey.id}</span>;
  if (ref.refundId) return <span>Refund {ref.refundId}</span>;
  if (ref.disputeId) return <span>Dispute {ref.disputeId}</span>;
  if (line.orderId) return <span>Order {line.orderId}</span>;
  return <span className="text-slate-400">—</span>;
}

/** The statement's lines; a day's usage is one line that expands to its API keys. */
export function StatementLines({ lines }: { lines: StatementLine[] }) {
  return (
    <DataTable
      minWidthRem={52}
      headers={[{ label: "Date (IST)" }, { label: "Cause" }, { label: "Details" }, { label: "Linked to" }, { label: "Credits", align: "right" }, { label: "Balance", align: "right" }]}
    >
      {lines.map((line) => {
        const cause = causeOf(line);
        const id = line.type === "usage_day" ? `usage-${line.key.day}` : `entry-${line.entryId}`;
        return (
          <tr key={id} data-testid="statement-line" data-line-type={line.type}>
            <td className="py-2 pr-3 align-top" data-label="Date (IST)">
              {line.createdAt ? formatIstDateTime(line.createdAt) : formatIstDate(new Date(`${line.key.day}T12:00:00+05:30`))}
            </td>
            <td className="py-2 pr-3 align-top" data-label="Cause">{CAUSE_LABELS[cause]}</td>
            <td className="py-2 pr-3 align-top" data-label="Details">
              {line.type === "usage_day" ? (
                <details>
                  <summary className="cursor-pointer">{line.events?.toLocaleString("en-IN")} calls — by key</summary>
                  <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                    {line.keys?.map((k) => (
                      <li key={k.apiKeyId ?? "session"}>
                        {k.apiKeyName ?? (k.apiKeyId ? k.apiKeyId : "Dashboard session")}
                        {k.apiKeyPrefix ? <span className="text-slate-500"> ({k.apiKeyPrefix}…)</span> : null}: {k.events.toLocaleString("en-IN")} calls,{" "}
                        {formatCredits(k.amountCredits)} credits
                      </li>
                    ))}
                  </ul>
                </details>
              ) : (
                (line.description ?? "")
              )}
            </td>
            <td className="py-2 pr-3 align-top" data-label="Linked to"><Reference line={line} /></td>
            <td className={`py-2 pr-3 text-right align-top tabular-nums ${line.amountCredits < 0n ? "text-red-700" : "text-green-700"}`} data-label="Credits" data-testid="line-amount">
              {signed(line.amountCredits)}
            </td>
            <td className="py-2 pr-3 text-right align-top tabular-nums" data-label="Balance" data-testid="running-balance">
              {formatCredits(line.runningBalanceCredits)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
