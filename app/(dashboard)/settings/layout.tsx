import { SubNav, type SubNavItem } from "@/components/billing/sub-nav";
import { requirePageMember } from "@/lib/auth/page-session";

/** Every settings page has the same subnav, so each subpage leads back and to its siblings. */
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const member = await requirePageMember();
  const items: SubNavItem[] = [{ href: "/settings", label: "Overview" }];
  if (member.account) items.push({ href: "/settings/team", label: "Team" });
  items.push({ href: "/settings/security", label: "Security" });
  if (member.account) items.push({ href: "/settings/notifications", label: "Notifications" }, { href: "/settings/billing-profile", label: "Billing profile" });
  if (member.can("api_keys:manage")) items.push({ href: "/settings/api-keys", label: "API keys" });
  if (member.can("webhooks:manage")) items.push({ href: "/settings/webhooks", label: "Webhooks" });
  return (
    <>
      <SubNav items={items} label="Settings" />
      {children}
    </>
  );
}
