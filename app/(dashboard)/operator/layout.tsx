import { notFound } from "next/navigation";
import { SubNav } from "@/components/billing/sub-nav";
import { requirePageMember } from "@/lib/auth/page-session";

/** Any operator permission opens the operator pages; each page checks its own. */
const OPERATOR_ACTIONS = ["operator:coupons", "operator:orders", "operator:jobs", "operator:reconciliation", "operator:disputes", "operator:refunds", "operator:offline_payments", "operator:accounts", "operator:payouts", "operator:adjustments", "operator:audit", "operator:gst_returns"] as const;

export default async function OperatorLayout({ children }: { children: React.ReactNode }) {
  const member = await requirePageMember();
  if (!OPERATOR_ACTIONS.some((action) => member.can(action))) notFound();
  return (
    <>
      <SubNav
        label="Operator"
        items={[
          { href: "/operator", label: "Overview" },
          { href: "/operator/accounts", label: "Accounts" },
          { href: "/operator/coupons", label: "Coupons" },
          { href: "/operator/orders", label: "Flagged orders" },
          { href: "/operator/refunds", label: "Refunds" },
          { href: "/operator/disputes", label: "Disputes" },
          { href: "/operator/jobs", label: "Jobs" },
          { href: "/operator/reconciliation", label: "Reconciliation" },
          { href: "/operator/offline-payments", label: "Offline payments" },
          { href: "/operator/adjustments", label: "Adjustments" },
          { href: "/operator/audit", label: "Audit log" },
          { href: "/operator/gstr1", label: "GSTR-1" },
        ]}
      />
      {children}
    </>
  );
}
