import clsx from "clsx";
import Link from "next/link";

export interface AccountAlertItem {
  kind: string;
  tone: "danger" | "warning";
  title: string;
  body: string;
  action: { href: string; label: string } | null;
}

/**
 * The account's standing alerts under the header of every dashboard page (lib/notifications/account-alerts.ts):
 * suspension, cap reached or near, low balance, plan ending, a failed payment. One list, most serious first.
 */
export function AccountAlerts({ alerts }: { alerts: AccountAlertItem[] }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-label="Account alerts" className="border-b border-slate-200 bg-white" data-testid="account-alerts">
      <ul className="mx-auto max-w-6xl space-y-2 px-4 py-3">
        {alerts.map((a) => (
          <li
            key={a.kind}
            // Page content, not a live region: only the suspension (as before) is announced as an alert.
            role={a.kind === "suspended" ? "alert" : undefined}
            data-testid={a.kind === "suspended" ? "account-suspended-banner" : `alert-${a.kind}`}
            className={clsx(
              "flex flex-col gap-2 rounded-lg border px-4 py-2 text-sm sm:flex-row sm:items-center sm:justify-between",
              a.tone === "danger" ? "border-red-200 bg-red-50 text-red-900" : "border-amber-200 bg-amber-50 text-amber-900",
            )}
          >
            <div className="min-w-0">
              <p className="font-semibold">{a.title}</p>
              <p>{a.body}</p>
            </div>
            {a.action ? (
              <Link href={a.action.href} className="inline-flex min-h-10 shrink-0 items-center rounded-md bg-white px-3 font-medium text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50">
                {a.action.label}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
