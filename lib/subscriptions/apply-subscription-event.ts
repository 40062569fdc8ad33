import { and, eq } from "drizzle-orm";
import type { SubscriptionWebhookEvent } from "@/lib/cashfree";
import type { Tx } from "@/lib/db";
import { accounts, subscriptionCharges, subscriptions } from "@/lib/db/schema";
import { applyAutoTopUpEvent, type AutoTopUpEventOutcome } from "@/lib/auto-top-up/apply-auto-top-up-event";
import { settleBatch } from "@/lib/orders/settle-order";
import { authoriseMandate } from "./authorise-mandate";
import { nextChargeAt } from "./renewal-rules";

export type SubscriptionEventOutcome =
  | "activated"
  | "authorization_failed"
  | "cancelled"
  | "renewed"
  | "already_renewed"
  | "charge_failed"
  | "unchanged"
  | "unknown_subscription"
  | "unknown_charge"
  | AutoTopUpEventOutcome;

/**
 * One verified Cashfree subscription event, inside the caller's transaction. Duplicates and any order of arrival
 * change nothing twice:
 * - SUBSCRIPTION_AUTH_STATUS moves only a pending_authorization subscription (to active, or authorization_failed:
 *   authoriseMandate, also used when the owner returns from the mandate page);
 * - SUBSCRIPTION_PAYMENT_SUCCESS settles the cycle's plan order through THE settlement function (settleBatch:
 *   order lock, ledger cause `order:<id>`, one invoice), then records the charge and the new period from the
 *   account's plan expiry; a success after a failure still settles (the money was taken);
 * - SUBSCRIPTION_PAYMENT_FAILED / _CANCELLED never touches the balance: the charge is failed and the subscription
 *   past_due, unless the charge already succeeded;
 * - SUBSCRIPTION_STATUS_CHANGED to CANCELLED (or CUSTOMER_CANCELLED) cancels.
 * Locks: the charge row, then (in settleBatch) the order and the account, then the subscription.
 */
export async function applySubscriptionEvent(tx: Tx, event: SubscriptionWebhookEvent, now: Date): Promise<SubscriptionEventOutcome> {
  if (event.type === "SUBSCRIPTION_STATUS_CHANGED") {
    const details = event.data.subscription_details;
    if (details.subscription_status !== "CANCELLED" && details.subscription_status !== "CUSTOMER_CANCELLED") return "unchanged";
    const rows = await tx
      .update(subscriptions)
      .set({ status: "cancelled", nextChargeAt: null, updatedAt: now })
      .where(eq(subscriptions.id, details.subscription_id))
      .returning({ id: subscriptions.id });
    return rows.length > 0 ? "cancelled" : "unknown_subscription";
  }

  const data = event.data;
  if (event.type === "SUBSCRIPTION_AUTH_STATUS") {
    const approved = data.payment_status === "SUCCESS" || data.authorization_details?.authorization_status === "ACTIVE";
    return authoriseMandate(tx, { subscriptionId: data.subscription_id, approved, cfSubscriptionId: data.cf_subscription_id ?? null }, now);
  }

  const [charge] = await tx.select().from(subscriptionCharges).where(eq(subscriptionCharges.paymentId, data.payment_id)).for("update");
  if (!charge) return (await applyAutoTopUpEvent(tx, event, now)) ?? "unknown_charge";
  if (charge.subscriptionId !== data.subscription_id) return "unknown_charge";
  const scoped = and(eq(subscriptionCharges.id, charge.id), eq(subscriptionCharges.accountId, charge.accountId));
  const cfPaymentId = data.cf_payment_id ?? data.payment_id;

  if (event.type === "SUBSCRIPTION_PAYMENT_SUCCESS") {
    const [settled] = await settleBatch(
      tx,
      [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId, status: "SUCCESS", amount: data.payment_amount ?? -1, currency: "INR" } } }],
      { now },
    );
    if (charge.status === "succeeded") return "already_renewed";
    await tx.update(subscriptionCharges).set({ status: "succeeded", cfPaymentId, failureReason: null, updatedAt: now }).where(scoped);
    if (settled?.ok && settled.outcome === "paid") {
      const [account] = await tx.select({ planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, charge.accountId));
      const periodEnd = account?.planExpiresAt ?? null;
      await tx
        .update(subscriptions)
        .set({ status: "active", currentPeriodEnd: periodEnd, nextChargeAt: periodEnd ? nextChargeAt(periodEnd) : null, updatedAt: now })
        .where(and(eq(subscriptions.id, charge.subscriptionId), eq(subscriptions.accountId, charge.accountId)));
    }
    return "renewed";
  }

  // FAILED / CANCELLED
  if (charge.status === "succeeded" || charge.status === "failed") return "unchanged";
  await tx
    .update(subscriptionCharges)
    .set({ status: "failed", cfPaymentId, failureReason: data.failure_details?.failure_reason ?? data.payment_status, updatedAt: now })
    .where(scoped);
  await settleBatch(tx, [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId, status: "FAILED", amount: data.payment_amount ?? 0, currency: "INR" } } }], { now });
  await tx
    .update(subscriptions)
    .set({ status: "past_due", updatedAt: now })
    .where(and(eq(subscriptions.id, charge.subscriptionId), eq(subscriptions.status, "active")));
  return "charge_failed";
}
