import { getState } from "@/lib/gst/states";
import type { BillingProfileCheck } from "./check-billing-profile";
import type { BillingProfile } from "./get-billing-profile";

/** The API shape (snake_case) of a stored profile. */
export function toBillingProfileView(profile: BillingProfile) {
  return {
    legal_name: profile.legalName,
    address_line1: profile.addressLine1,
    address_line2: profile.addressLine2,
    city: profile.city,
    postal_code: profile.postalCode,
    state_code: profile.stateCode,
    state_name: getState(profile.stateCode)?.name ?? null,
    phone: profile.phone,
    email: profile.email,
    gstin: profile.gstin,
    updated_at: profile.updatedAt,
  };
}

/** GET/PUT /api/v1/account/billing-profile: the profile ({profile: null} when none), whether it can be used, and why not. */
export function toBillingProfileAnswer(profile: BillingProfile | null, check: BillingProfileCheck) {
  return {
    profile: profile ? toBillingProfileView(profile) : null,
    complete: check.ok,
    problems: check.ok ? [] : check.problems,
  };
}
