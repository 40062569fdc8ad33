import Link from "next/link";
import { PaymentsTable } from "@/components/billing/payment-rows";
import type { OrderView } from "@/lib/orders/order-view";

export function RecentPayments({ payments }: { payments: OrderView[] }) {
  if (payments.length === 0) {
    return (
      <div className="py-6 text-center text-sm text-slate-600">
        <p className="font-medium text-slate-900">No payments yet</p>
        <p className="mt-1">
          Top-ups and plan upgrades appear here with their GST invoices.{" "}
          <Link href="/billing/plans" className="font-medium text-brand-700 underline">
            Compare plans
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="relative -mx-5 -mb-5 overflow-x-auto" role="region" aria-label="Recent payments" tabIndex={0}>
      <PaymentsTable payments={payments} canPay={false} compact />
    </div>
  );
}
