import type { Metadata } from "next";
import { BillingProfileForm, EMPTY_PROFILE } from "@/components/billing/billing-profile-form";
import { Notice } from "@/components/billing/primitives";
import { Badge, Card, PageHeader } from "@/components/ui";
import { requireAccountMember } from "@/lib/auth/page-session";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { isProfileComplete } from "@/lib/billing-profile/check-billing-profile";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Billing profile" };

const SAFE_NEXT = new Set(["/billing/top-up", "/billing/plans", "/billing"]);

export default async function BillingProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireAccountMember();
  const profile = await getBillingProfile(await getDb(), member.account.accountId);
  const complete = isProfileComplete(profile);
  const canEdit = member.can("billing_profile:write");
  const rawNext = (await searchParams).next;
  const next = typeof rawNext === "string" && SAFE_NEXT.has(rawNext) ? rawNext : null;
  const initial = profile
    ? {
        legal_name: profile.legalName,
        address_line1: profile.addressLine1,
        address_line2: profile.addressLine2 ?? "",
        city: profile.city,
        postal_code: profile.postalCode,
        state_code: profile.stateCode,
        phone: profile.phone,
        email: profile.email,
        gstin: profile.gstin ?? "",
      }
    : EMPTY_PROFILE;
  return (
    <>
      <PageHeader
        title="Billing profile"
        description="The details printed on your GST tax invoices. Changes apply to new invoices only."
        actions={complete ? <Badge tone="green">Complete</Badge> : <Badge tone="amber">Incomplete</Badge>}
      />
      {!complete && canEdit ? (
        <Notice tone="warning" className="mb-6" title="Needed before you pay">
          Top-ups and plan upgrades need a complete billing profile so we can issue a valid GST invoice.
        </Notice>
      ) : null}
      {!canEdit ? (
        <Notice tone="info" className="mb-6">
          Only owners and admins can change the billing profile. You&apos;re seeing it read-only.
        </Notice>
      ) : null}
      <Card className="max-w-3xl">
        <BillingProfileForm initial={initial} canEdit={canEdit} next={next} />
      </Card>
    </>
  );
}
