// GET /api/v1/account/billing-profile – the account's billing profile ({profile: null} when none), whether it is complete and what is missing; PUT – create or replace it
import { apiRoute, methodsNotAllowed } from "@/lib/api/route";
import { toBillingProfileAnswer } from "@/lib/billing-profile/billing-profile-view";
import { billingProfileSchema } from "@/lib/billing-profile/billing-profile-schema";
import { checkBillingProfile } from "@/lib/billing-profile/check-billing-profile";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { upsertBillingProfile } from "@/lib/billing-profile/upsert-billing-profile";

export const GET = apiRoute({ auth: "session", action: "billing_profile:read" }, async ({ db, accountId }) => {
  const profile = await getBillingProfile(db, accountId);
  return { body: toBillingProfileAnswer(profile, checkBillingProfile(profile)) };
});

export const PUT = apiRoute(
  { auth: "session", action: "billing_profile:write", body: billingProfileSchema },
  async ({ db, accountId, body }) => {
    const profile = await upsertBillingProfile(db, accountId, body);
    return { body: toBillingProfileAnswer(profile, checkBillingProfile(profile)) };
  },
);

export const { POST, PATCH, DELETE } = methodsNotAllowed("GET", "PUT");
