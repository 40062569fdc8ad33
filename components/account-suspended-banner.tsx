/** Shown on every dashboard page while the active account is suspended: why, since when, and what still works. */
export function AccountSuspendedBanner({ reason, since }: { reason: string; since: Date }) {
  const when = new Intl.DateTimeFormat("en-IN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Kolkata" }).format(since);
  return (
    <div className="border-b border-red-200 bg-red-50" role="alert" data-testid="account-suspended-banner">
      <div className="mx-auto max-w-6xl px-4 py-2 text-sm text-red-900">
        <p>
          <strong>This account is suspended</strong> (since {when} IST): {reason}
        </p>
        <p>Invoices, payments and the balance can still be read; everything else, API keys included, is refused until support lifts it.</p>
      </div>
    </div>
  );
}
