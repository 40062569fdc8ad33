import { td, th } from "@/components/billing/primitives";
import { EmptyState } from "@/components/ui";
import type { AuditEntryView } from "@/lib/audit/audit-entry-view";
import { formatIstDateTime } from "@/lib/money/ist";

const fields = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value));

/** Audit entries, newest first: when, who (kind and id), from where, what, and the changed fields. */
export function AuditTable({ entries, showAccount }: { entries: AuditEntryView[]; showAccount: boolean }) {
  if (entries.length === 0) return <EmptyState title="No audit entries match" />;
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" role="region" aria-label="Audit log" tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>When (IST)</th>
            {showAccount ? <th scope="col" className={th}>Account</th> : null}
            <th scope="col" className={th}>Who</th>
            <th scope="col" className={th}>Action</th>
            <th scope="col" className={th}>Target</th>
            <th scope="col" className={th}>Before → after</th>
            <th scope="col" className={th}>Request / IP</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
              <td className={td}>{formatIstDateTime(new Date(e.at))}</td>
              {showAccount ? <td className={`${td} font-mono text-xs`}>{e.account_id ?? "—"}</td> : null}
              <td className={`${td} text-xs`}>
                {e.actor_kind}
                <span className="block font-mono text-slate-500">{e.actor_id ?? "—"}</span>
              </td>
              <td className={`${td} font-mono text-xs`}>{e.action}</td>
              <td className={`${td} font-mono text-xs`}>
                {e.target_type}
                <span className="block text-slate-500">{e.target_id ?? "—"}</span>
              </td>
              <td className={`${td} max-w-md whitespace-normal break-all font-mono text-xs`}>
                <span className="text-slate-500">{fields(e.before)}</span> → {fields(e.after)}
              </td>
              <td className={`${td} font-mono text-xs text-slate-500`}>
                {e.request_id ?? "—"}
                <span className="block">{e.ip ?? "—"}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
