import { SubNav, type SubNavItem } from "@/components/billing/sub-nav";
import { requireAccountMember } from "@/lib/auth/page-session";

export default async function BillingLayout({ children }: { children: React.ReactNode }) {
  const member = await requireAccountMember();
  const items: SubNavItem[] = [{ href: "/billing", label: "Overview" }];
  if (member.can("payments:create")) items.push({ href: "/billing/top-up", label: "Top up" });
  items.push({ href: "/billing/plans", label: "Plans" }, { href: "/billing/budget", label: "Budget" });
  if (member.can("coupons:redeem")) items.push({ href: "/billing/coupons", label: "Coupons" });
  if (member.can("credits:statement")) items.push({ href: "/billing/statement", label: "Statement" });
  if (member.can("exports:read")) items.push({ href: "/billing/exports", label: "Exports" });
  return (
    <>
      <SubNav items={items} label="Billing" />
      {children}
    </>
  );
}
