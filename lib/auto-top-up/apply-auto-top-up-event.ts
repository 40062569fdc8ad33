import { eq } from "drizzle-orm";
import type { SubscriptionWebhookEvent } from "@/lib/cashfree";
import type { Tx } from "@/lib/db";
import { autoTopUpCharges } from "@/lib/db/schema";
import { markAutoTopUpDeclined, markAutoTopUpSucceeded } from "./settle-auto-top-up-charge";

export type AutoTopUpEventOutcome = "auto_top_up_paid" | "auto_top_up_already_paid" | "auto_top_up_declined" | "unchanged";

/**
 * A subscription payment event for an auto top-up charge (its payment_id is ours), inside the webhook's
 * transaction; null when the payment is not an auto top-up's (the renewal path handles it). Duplicates and any
 * order of arrival change nothing twice.
 */
export async function applyAutoTopUpEvent(tx: Tx, event: SubscriptionWebhookEvent, now: Date): Promise<AutoTopUpEventOutcome | null> {
  if (event.type === "SUBSCRIPTION_STATUS_CHANGED" || event.type === "SUBSCRIPTION_AUTH_STATUS") return null;
  const data = event.data;
  const [charge] = await tx.select().from(autoTopUpCharges).where(eq(autoTopUpCharges.paymentId, data.payment_id)).for("update");
  if (!charge || charge.subscriptionId !== data.subscription_id) return null;
  const cfPaymentId = data.cf_payment_id ?? data.payment_id;
  if (event.type === "SUBSCRIPTION_PAYMENT_SUCCESS") {
    const done = await markAutoTopUpSucceeded(tx, charge, { cfPaymentId, amount: data.payment_amount ?? -1 }, now);
    return done === "paid" ? "auto_top_up_paid" : "auto_top_up_already_paid";
  }
  const declined = await markAutoTopUpDeclined(tx, charge, { cfPaymentId, reason: data.failure_details?.failure_reason ?? data.payment_status }, now);
  return declined ? "auto_top_up_declined" : "unchanged";
}
