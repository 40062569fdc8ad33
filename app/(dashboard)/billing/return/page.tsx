import type { Metadata } from "next";
import Link from "next/link";
import { checkoutConfig } from "@/components/billing/checkout-config";
import { PaymentReturn } from "@/components/billing/payment-return";
import { EmptyState, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Payment status" };

/**
 * Where Cashfree sends the browser after checkout. The redirect proves nothing: the page asks the server to
 * verify the order with Cashfree, and shows what the server decided.
 */
export default async function PaymentReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAccountMember();
  const raw = (await searchParams).order_id;
  const orderId = typeof raw === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : null;
  return (
    <>
      <PageHeader title="Payment status" description="We confirm every payment with Cashfree before adding credits." />
      <div className="mx-auto max-w-2xl">
        {orderId ? (
          <PaymentReturn key={orderId} orderId={orderId} checkout={checkoutConfig()} canPay={member.can("payments:create")} />
        ) : (
          <EmptyState title="No order to check">
            This page needs an order id from Cashfree&apos;s checkout. See your{" "}
            <Link href="/payments" className="font-medium text-brand-700 underline">
              payments
            </Link>{" "}
            for the status of every order.
          </EmptyState>
        )}
      </div>
    </>
  );
}
