import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { AccountSuspendedBanner } from "@/components/account-suspended-banner";
import { AccountSwitcher } from "@/components/account-switcher";
import { NavLinks, type NavItem } from "@/components/nav-links";
import { Button } from "@/components/ui";
import { VerifyEmailBanner } from "@/components/verify-email-banner";
import { resendVerificationAction } from "../(auth)/actions";
import { requirePageMember } from "@/lib/auth/page-session";

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
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
          <Link href="/billing" className="text-lg font-bold tracking-tight text-brand-700">
            Khata
          </Link>
          <AccountSwitcher
            accounts={member.accounts.map((a) => ({ id: a.accountId, name: a.accountName, role: a.role }))}
            activeId={member.account?.accountId ?? null}
          />
          <div className="ml-auto flex items-center gap-3">
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
      {member.account?.suspendedAt ? <AccountSuspendedBanner reason={member.account.suspensionReason ?? ""} since={member.account.suspendedAt} /> : null}
      {member.user.emailVerifiedAt ? null : <VerifyEmailBanner email={member.user.email} resendAction={resendVerificationAction} />}
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
