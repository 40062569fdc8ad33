import { isIndianMobile } from "@/lib/cashfree/order-fields";
import { billingProfileSchema, type BillingProfileInput } from "./billing-profile-schema";
import type { BillingProfile } from "./get-billing-profile";

export type BillingProfileField = keyof BillingProfileInput;

export interface BillingProfileProblem {
  field: BillingProfileField;
  message: string;
}

export type BillingProfileCheck = { ok: true; profile: BillingProfile } | { ok: false; missing: boolean; problems: BillingProfileProblem[] };

/** Fields a profile must have; what an absent profile lacks. */
const REQUIRED: Record<Exclude<BillingProfileField, "address_line2" | "gstin">, string> = {
  legal_name: "Legal name",
  address_line1: "Address",
  city: "City",
  postal_code: "PIN code",
  state_code: "State",
  phone: "Phone",
  email: "Billing email",
};

const FIELDS: readonly BillingProfileField[] = ["legal_name", "address_line1", "address_line2", "city", "postal_code", "state_code", "phone", "email", "gstin"];
const isField = (value: unknown): value is BillingProfileField => typeof value === "string" && (FIELDS as readonly string[]).includes(value);

/**
 * Whether the account can pay and be invoiced: the profile exists, every stored field still passes the shared
 * schema (rows written before a rule tightened, or by hand, count as incomplete rather than reaching an invoice
 * half-valid), and the phone is a mobile number (Cashfree takes no landline). Problems come back as data, one
 * per field, in form order.
 */
export function checkBillingProfile(profile: BillingProfile | null): BillingProfileCheck {
  if (!profile) {
    return { ok: false, missing: true, problems: Object.entries(REQUIRED).map(([field, label]) => ({ field: field as BillingProfileField, message: `${label} is required.` })) };
  }
  const parsed = billingProfileSchema.safeParse({
    legal_name: profile.legalName,
    address_line1: profile.addressLine1,
    address_line2: profile.addressLine2,
    city: profile.city,
    postal_code: profile.postalCode,
    state_code: profile.stateCode,
    phone: profile.phone,
    email: profile.email,
    gstin: profile.gstin,
  });
  const byField = new Map<BillingProfileField, string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (isField(field) && !byField.has(field)) byField.set(field, issue.message);
    }
  } else if (!isIndianMobile(parsed.data.phone)) {
    byField.set("phone", "Payments need a 10-digit Indian mobile number (starting 6–9): Cashfree does not accept a landline.");
  }
  if (byField.size === 0) return { ok: true, profile };
  const problems = FIELDS.filter((f) => byField.has(f)).map((field) => ({ field, message: byField.get(field)! }));
  return { ok: false, missing: false, problems };
}

export function isProfileComplete(profile: BillingProfile | null): profile is BillingProfile {
  return checkBillingProfile(profile).ok;
}
