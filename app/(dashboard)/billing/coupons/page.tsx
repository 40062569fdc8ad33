import type { Metadata } from "next";
import { CouponRedeemForm } from "@/components/billing/coupon-redeem-form";
import { Notice } from "@/components/billing/primitives";
import { Card, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getBalance } from "@/lib/credits/get-balance";
import { getDb } from "@/lib/db";
import { formatCredits } from "@/lib/money/format-inr";

export const metadata: Metadata = { title: "Coupons" };

export default async function CouponsPage() {
  const member = await requireAccountMember();
  const balance = await getBalance(await getDb(), member.account.accountId);
  return (
    <>
      <PageHeader title="Redeem a coupon" description="Coupons add free credits to your balance. Each code works once per account." />
      <Card>
        {member.can("coupons:redeem") ? (
          <CouponRedeemForm />
        ) : (
          <Notice tone="info">Only owners and admins can redeem coupons for {member.account.accountName}.</Notice>
        )}
        <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
          Current balance: <span className="font-medium text-slate-900 tabular-nums" data-testid="coupon-balance">{formatCredits(balance.balanceCredits)} credits</span>.
          Coupon credits are not a payment, so no GST invoice is issued for them.
        </p>
      </Card>
    </>
  );
}
