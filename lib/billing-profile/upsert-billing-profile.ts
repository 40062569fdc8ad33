import { eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record-audit";
import { zodToAppError } from "@/lib/validation/zod-error";
import type { Executor } from "@/lib/db";
import { billingProfiles } from "@/lib/db/schema";
import { billingProfileSchema, type BillingProfileInput } from "./billing-profile-schema";
import type { BillingProfile } from "./get-billing-profile";

const auditedFields = (p: BillingProfile) => ({ legalName: p.legalName, addressLine1: p.addressLine1, addressLine2: p.addressLine2, city: p.city, postalCode: p.postalCode, stateCode: p.stateCode, phone: p.phone, email: p.email, gstin: p.gstin });

/**
 * Creates or replaces (PUT semantics: omitted optional fields become null) the account's billing profile.
 * Input is re-validated with the shared schema, so callers other than the API route cannot store bad data.
 * Issued invoices are snapshots and are never affected.
 */
export async function upsertBillingProfile(db: Executor, accountId: string, input: BillingProfileInput): Promise<BillingProfile> {
  const parsed = billingProfileSchema.safeParse(input);
  if (!parsed.success) throw zodToAppError(parsed.error, "body");
  const p = parsed.data;
  const values = {
    legalName: p.legal_name,
    addressLine1: p.address_line1,
    addressLine2: p.address_line2,
    city: p.city,
    postalCode: p.postal_code,
    stateCode: p.state_code,
    phone: p.phone,
    email: p.email,
    gstin: p.gstin,
  };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(billingProfiles).where(eq(billingProfiles.accountId, accountId)).for("update");
    const [row] = await tx
      .insert(billingProfiles)
      .values({ accountId, ...values })
      .onConflictDoUpdate({ target: billingProfiles.accountId, set: { ...values, updatedAt: sql`now()` } })
      .returning();
    await recordAudit(tx, { action: "billing_profile.update", accountId, targetType: "billing_profile", targetId: accountId, before: before ? auditedFields(before) : null, after: auditedFields(row!) });
    return row!;
  });
}
