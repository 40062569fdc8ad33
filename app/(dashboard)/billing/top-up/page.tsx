import type { Metadata } from "next";
import Link from "next/link";
import { checkoutConfig } from "@/components/billing/checkout-config";
import { Notice } from "@/components/billing/primitives";
import { TopUpForm } from "@/components/billing/top-up-form";
import { PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { isProfileComplete } from "@/lib/billing-profile/check-billing-profile";
import { getEnv } from "@/lib/config/env";
import { getBalance } from "@/lib/credits/get-balance";
import { getDb } from "@/lib/db";
import { getState } from "@/lib/gst/states";
import { formatCredits } from "@/lib/money/format-inr";

export const metadata: Metadata = { title: "Top up credits" };

export default async function TopUpPage() {
  const member = await requireAccountMember();
  const db = await getDb();
  const accountId = member.account.accountId;
  const [profile, balance] = await Promise.all([getBillingProfile(db, accountId), getBalance(db, accountId)]);
  const complete = isProfileComplete(profile);
  const state = profile ? getState(profile.stateCode) : undefined;
  return (
    <>
      <PageHeader title="Top up credits" description="Prepaid credits for API usage. 1 credit = ₹1, GST included." />
      {member.can("payments:create") ? (
        <TopUpForm
          checkout={checkoutConfig()}
          supplierStateCode={getEnv().SUPPLIER_STATE_CODE}
          placeOfSupply={profile && state ? { code: state.code, name: state.name } : null}
          profileComplete={complete}
          balanceCredits={formatCredits(balance.balanceCredits)}
        />
      ) : (
        <Notice tone="info" title="Only owners and admins can buy credits">
          Ask an owner or admin of {member.account.accountName} to top up. You can still see the balance on the{" "}
          <Link href="/billing" className="font-medium underline">
            billing overview
          </Link>
          .
        </Notice>
      )}
    </>
  );
}
