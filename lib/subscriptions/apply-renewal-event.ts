import { and, eq } from "drizzle-orm";
import type { SubscriptionWebhookEvent } from "@/lib/cashfree";
import type { Tx } from "@/lib/db";
import { accounts, orders, subscriptionChargeRetries, subscriptionCharges, subscriptionDunning, subscriptions } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { settleBatch } from "@/lib/orders/settle-order";
import { applySubscriptionEvent, type SubscriptionEventOutcome } from "./apply-subscription-event";
import { afterAttemptFailed, markRecovered, startDunning, type DunningContext } from "./handle-charge-failure";
import { nextChargeAt } from "./renewal-rules";

export type RenewalEventOutcome = SubscriptionEventOutcome | "retry_failed" | "duplicate_charge_flagged";

/**
 * One verified subscription event, with dunning (inside the caller's transaction). A payment of a retry
 * (subscription_charge_retries.payment_id) is applied here; every other event (auto top-up charges too) by
 * applySubscriptionEvent, with:
 * - the cycle's own charge failing → its dunning starts (grace, first retry, mails);
 * - any success of a cycle in dunning → the plan's end goes back from the grace end to the unpaid period's end
 *   before the order settles, so the renewed month starts at that end (or at payment, if later), never after the
 *   grace; the dunning is then recovered.
 * Every attempt settles the SAME plan order of the cycle (settleBatch: order lock, ledger cause `order:<id>`, one
 * invoice), so a second success (a late earlier attempt) is flagged on the order for a refund, never credited.
 * Locks: the cycle's charge row first (every event of a cycle queues there), then the retry, the order, the account.
 */
export async function applyRenewalEvent(tx: Tx, event: SubscriptionWebhookEvent, ctx: DunningContext): Promise<RenewalEventOutcome> {
  if (event.type === "SUBSCRIPTION_STATUS_CHANGED" || event.type === "SUBSCRIPTION_AUTH_STATUS") return applySubscriptionEvent(tx, event, ctx.now);
  const data = event.data;
  const [retryRef] = await tx.select({ chargeId: subscriptionChargeRetries.chargeId }).from(subscriptionChargeRetries).where(eq(subscriptionChargeRetries.paymentId, data.payment_id));
  const chargeId =
    retryRef?.chargeId ?? (await tx.select({ id: subscriptionCharges.id }).from(subscriptionCharges).where(eq(subscriptionCharges.paymentId, data.payment_id)))[0]?.id;
  // Not a renewal cycle's payment: an auto top-up charge on the same mandate, or unknown (applySubscriptionEvent decides).
  if (!chargeId) return applySubscriptionEvent(tx, event, ctx.now);
  const [charge] = await tx.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, chargeId)).for("update");
  if (!charge || charge.subscriptionId !== data.subscription_id) return "unknown_charge";
  const success = event.type === "SUBSCRIPTION_PAYMENT_SUCCESS";

  if (!retryRef) {
    const grace = success ? await endGraceForSettlement(tx, charge) : null;
    const outcome = await applySubscriptionEvent(tx, event, ctx.now);
    if (outcome === "charge_failed") await startDunning(tx, ctx, charge.id);
    if (success) return afterSuccess(tx, ctx, charge, grace, outcome, data.cf_payment_id ?? data.payment_id);
    return outcome;
  }

  const [retry] = await tx.select().from(subscriptionChargeRetries).where(eq(subscriptionChargeRetries.paymentId, data.payment_id)).for("update");
  if (!retry || retry.subscriptionId !== data.subscription_id) return "unknown_charge";
  const cfPaymentId = data.cf_payment_id ?? data.payment_id;
  const scoped = and(eq(subscriptionChargeRetries.id, retry.id), eq(subscriptionChargeRetries.accountId, retry.accountId));

  if (success) {
    const grace = await endGraceForSettlement(tx, charge);
    await settleBatch(tx, [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId, status: "SUCCESS", amount: data.payment_amount ?? -1, currency: "INR" } } }], { now: ctx.now });
    if (retry.status === "succeeded") return "already_renewed";
    await tx.update(subscriptionChargeRetries).set({ status: "succeeded", cfPaymentId, failureReason: null, updatedAt: ctx.now }).where(scoped);
    return afterSuccess(tx, ctx, charge, grace, "renewed", cfPaymentId);
  }

  if (retry.status === "succeeded" || retry.status === "failed") return "unchanged";
  await tx
    .update(subscriptionChargeRetries)
    .set({ status: "failed", cfPaymentId, failureReason: data.failure_details?.failure_reason ?? data.payment_status, updatedAt: ctx.now })
    .where(scoped);
  await settleBatch(tx, [{ orderId: charge.orderId, payment: { orderId: charge.orderId, accountId: charge.accountId, payment: { cfPaymentId, status: "FAILED", amount: data.payment_amount ?? 0, currency: "INR" } } }], { now: ctx.now });
  const [dunning] = await tx.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge.id));
  if (dunning) await afterAttemptFailed(tx, ctx, dunning, retry.attempt);
  return "retry_failed";
}

type ChargeRow = typeof subscriptionCharges.$inferSelect;
interface Grace {
  periodEnd: Date;
  graceEndsAt: Date;
}

/**
 * Before a success settles a cycle in dunning whose order is still unpaid: the account's plan end goes back from
 * the grace end to the unpaid period's end (settlement extends from there). Returns what to restore if the order
 * then does not get paid by it (an amount mismatch).
 */
async function endGraceForSettlement(tx: Tx, charge: ChargeRow): Promise<Grace | null> {
  const [dunning] = await tx.select().from(subscriptionDunning).where(eq(subscriptionDunning.chargeId, charge.id));
  if (!dunning || dunning.status !== "retrying") return null;
  const [order] = await tx.select({ status: orders.status }).from(orders).where(and(eq(orders.id, charge.orderId), eq(orders.accountId, charge.accountId))).for("update");
  if (!order || order.status === "PAID") return null;
  const moved = await tx
    .update(accounts)
    .set({ planExpiresAt: dunning.periodEnd })
    .where(and(eq(accounts.id, charge.accountId), eq(accounts.planExpiresAt, dunning.graceEndsAt)))
    .returning({ id: accounts.id });
  return moved.length > 0 ? { periodEnd: dunning.periodEnd, graceEndsAt: dunning.graceEndsAt } : null;
}

async function afterSuccess(tx: Tx, ctx: DunningContext, charge: ChargeRow, grace: Grace | null, outcome: RenewalEventOutcome, cfPaymentId: string): Promise<RenewalEventOutcome> {
  const [order] = await tx.select({ status: orders.status, cfPaymentId: orders.cfPaymentId }).from(orders).where(and(eq(orders.id, charge.orderId), eq(orders.accountId, charge.accountId)));
  const paidByThis = order?.status === "PAID" && order.cfPaymentId === cfPaymentId;
  if (!paidByThis) {
    if (grace) await tx.update(accounts).set({ planExpiresAt: grace.graceEndsAt }).where(and(eq(accounts.id, charge.accountId), eq(accounts.planExpiresAt, grace.periodEnd)));
    if (order?.status === "PAID") {
      log.warn("a second renewal attempt succeeded for a paid cycle; flagged on the order for a refund", { chargeId: charge.id, cfPaymentId });
      return outcome === "already_renewed" ? outcome : "duplicate_charge_flagged";
    }
    return outcome;
  }
  if (outcome === "already_renewed") return outcome;
  const [account] = await tx.select({ planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, charge.accountId));
  const periodEnd = account?.planExpiresAt ?? null;
  // A cycle paid during its dunning renews the subscription (a lapsed one stays cancelled: the plan was bought).
  await tx
    .update(subscriptions)
    .set({ status: "active", currentPeriodEnd: periodEnd, nextChargeAt: periodEnd ? nextChargeAt(periodEnd) : null, updatedAt: ctx.now })
    .where(and(eq(subscriptions.id, charge.subscriptionId), eq(subscriptions.accountId, charge.accountId), eq(subscriptions.status, "past_due")));
  await markRecovered(tx, ctx, charge.id);
  return outcome;
}
