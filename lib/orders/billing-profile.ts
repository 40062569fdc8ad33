import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { billingProfiles } from "@/lib/db/schema";

export type BillingProfileRow = typeof billingProfiles.$inferSelect;

/** The account's billing profile as it is right now (orders read it for Cashfree and for the invoice snapshot). */
export async function readBillingProfile(db: Executor, accountId: string): Promise<BillingProfileRow | null> {
  const [profile] = await db.select().from(billingProfiles).where(eq(billingProfiles.accountId, accountId)).limit(1);
  return profile ?? null;
}
