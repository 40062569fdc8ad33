import { notFound } from "next/navigation";
import { SubNav } from "@/components/billing/sub-nav";
import { requirePageMember } from "@/lib/auth/page-session";

export default async function OperatorLayout({ children }: { children: React.ReactNode }) {
  const member = await requirePageMember();
  if (!member.can("operator:coupons") && !member.can("operator:orders") && !member.can("operator:jobs") && !member.can("operator:reconciliation") && !member.can("operator:disputes") && !member.can("operator:offline_payments")) notFound();
  return (
    <>
      <SubNav
        label="Operator"
        items={[
          { href: "/operator", label: "Overview" },
          { href: "/operator/coupons", label: "Coupons" },
          { href: "/operator/orders", label: "Flagged orders" },
          { href: "/operator/disputes", label: "Disputes" },
          { href: "/operator/jobs", label: "Failed jobs" },
          { href: "/operator/reconciliation", label: "Reconciliation" },
          { href: "/operator/offline-payments", label: "Offline payments" },
        ]}
      />
      {children}
    </>
  );
}
