import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { billingProfiles } from "@/lib/db/schema";

export type BillingProfile = typeof billingProfiles.$inferSelect;

/** The one read of an account's billing profile (settings, payments, invoices). */
export async function getBillingProfile(db: Executor, accountId: string): Promise<BillingProfile | null> {
  const [row] = await db.select().from(billingProfiles).where(eq(billingProfiles.accountId, accountId)).limit(1);
  return row ?? null;
}
