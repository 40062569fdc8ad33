import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { AccountAlerts } from "@/components/account-alerts";
import { AccountSwitcher } from "@/components/account-switcher";
import { NavLinks, type NavItem } from "@/components/nav-links";
import { Button } from "@/components/ui";
import { VerifyEmailBanner } from "@/components/verify-email-banner";
import { resendVerificationAction } from "../(auth)/actions";
import { requirePageMember } from "@/lib/auth/page-session";
import { getDb } from "@/lib/db";
import { listAccountAlerts } from "@/lib/notifications/account-alerts";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const member = await requirePageMember();
  const items: NavItem[] = [
    { href: "/billing", label: "Billing" },
    { href: "/invoices", label: "Invoices" },
    { href: "/payments", label: "Payments" },
    { href: "/settings", label: "Settings" },
  ];
  if (member.user.isOperator) items.push({ href: "/operator", label: "Operator" });
  const alerts = member.account ? await listAccountAlerts(await getDb(), { accountId: member.account.accountId, canPay: member.can("payments:create") }) : [];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only rounded-md bg-brand-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
          <Link href="/billing" className="text-lg font-bold tracking-tight text-brand-700">
            Khata
          </Link>
          <div className="min-w-0 flex-1 sm:flex-none">
            <AccountSwitcher
              accounts={member.accounts.map((a) => ({ id: a.accountId, name: a.accountName, role: a.role }))}
              activeId={member.account?.accountId ?? null}
            />
          </div>
          <div className="ml-auto flex shrink-0 items-center gap-3">
            <span className="hidden text-sm text-slate-700 sm:inline" data-testid="signed-in-email">
              {member.user.email}
            </span>
            <form action={signOutAction}>
              <Button type="submit" variant="ghost">
                Sign out
              </Button>
            </form>
          </div>
          <div className="w-full">
            <NavLinks items={items} />
          </div>
        </div>
      </header>
      <AccountAlerts alerts={alerts} />
      {member.user.emailVerifiedAt ? null : <VerifyEmailBanner email={member.user.email} resendAction={resendVerificationAction} />}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
