import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { billingProfiles } from "@/lib/db/schema";
import { getState } from "@/lib/gst/states";

export type BillingProfile = typeof billingProfiles.$inferSelect;

export async function getBillingProfile(db: Executor, accountId: string): Promise<BillingProfile | null> {
  const [row] = await db.select().from(billingProfiles).where(eq(billingProfiles.accountId, accountId)).limit(1);
  return row ?? null;
}

/** The API shape (snake_case) of a stored profile. */
export function billingProfileToJson(profile: BillingProfile) {
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
