import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { subscriptions } from "@/lib/db/schema";
import { nextChargeAt } from "./renewal-rules";

export type AuthoriseMandateOutcome = "activated" | "authorization_failed" | "unchanged" | "unknown_subscription";

/**
 * Cashfree's answer on a mandate, from its SUBSCRIPTION_AUTH_STATUS webhook or from asking it when the owner comes back
 * from the mandate page: it moves only a pending_authorization subscription (to active with its first charge date, or
 * to authorization_failed), under the row's lock, so whichever gets there second changes nothing.
 */
export async function authoriseMandate(
  tx: Tx,
  input: { subscriptionId: string; approved: boolean; cfSubscriptionId: string | null },
  now: Date,
): Promise<AuthoriseMandateOutcome> {
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, input.subscriptionId)).for("update");
  if (!sub) return "unknown_subscription";
  if (sub.status !== "pending_authorization") return "unchanged";
  if (!input.approved) {
    await tx.update(subscriptions).set({ status: "authorization_failed", updatedAt: now }).where(eq(subscriptions.id, sub.id));
    return "authorization_failed";
  }
  await tx
    .update(subscriptions)
    .set({
      status: "active",
      mandateAuthorisedAt: now,
      nextChargeAt: sub.currentPeriodEnd ? nextChargeAt(sub.currentPeriodEnd) : null,
      cfSubscriptionId: sub.cfSubscriptionId ?? input.cfSubscriptionId,
      updatedAt: now,
    })
    .where(eq(subscriptions.id, sub.id));
  return "activated";
}
