import type { Executor } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { billingProfileSchema } from "./billing-profile-schema";
import { getBillingProfile, type BillingProfile } from "./get-billing-profile";

/**
 * A profile is complete when it exists and every stored field still passes the shared schema (rows written
 * before a rule tightened, or by hand, count as incomplete rather than reaching an invoice half-valid).
 */
export function isProfileComplete(profile: BillingProfile | null): profile is BillingProfile {
  if (!profile) return false;
  return billingProfileSchema.safeParse({
    legal_name: profile.legalName,
    address_line1: profile.addressLine1,
    address_line2: profile.addressLine2,
    city: profile.city,
    postal_code: profile.postalCode,
    state_code: profile.stateCode,
    phone: profile.phone,
    email: profile.email,
    gstin: profile.gstin,
  }).success;
}

/** For order creation: the account's complete profile, or a 400 `billing_profile_incomplete`. */
export async function requireCompleteBillingProfile(db: Executor, accountId: string): Promise<BillingProfile> {
  const profile = await getBillingProfile(db, accountId);
  if (!isProfileComplete(profile)) {
    throw new AppError(
      "billing_profile_incomplete",
      profile
        ? "Your billing profile is incomplete or invalid. Update it under Settings → Billing before paying."
        : "Add a billing profile (legal name, address, state, phone, email) under Settings → Billing before paying.",
    );
  }
  return profile;
}
