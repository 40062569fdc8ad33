// GET /api/v1/account/billing-profile – the account's billing profile ({profile: null} when none) and whether it is complete; PUT – create or replace it
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { billingProfileSchema } from "@/lib/billing-profile/billing-profile-schema";
import { billingProfileToJson, getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { isProfileComplete } from "@/lib/billing-profile/is-profile-complete";
import { upsertBillingProfile } from "@/lib/billing-profile/upsert-billing-profile";

export const GET = apiRoute({ auth: "session", action: "billing_profile:read" }, async ({ db, accountId }) => {
  const profile = await getBillingProfile(db, accountId);
  return { body: { profile: profile ? billingProfileToJson(profile) : null, complete: isProfileComplete(profile) } };
});

export const PUT = apiRoute(
  { auth: "session", action: "billing_profile:write", body: billingProfileSchema },
  async ({ db, accountId, body }) => {
    const profile = await upsertBillingProfile(db, accountId, body);
    return { body: { profile: billingProfileToJson(profile), complete: isProfileComplete(profile) } };
  },
);

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
