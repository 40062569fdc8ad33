import { and, eq, inArray } from "drizzle-orm";
import { PLANS, type PlanId } from "@/lib/config/plans";
import type { Tx } from "@/lib/db";
import { accounts, subscriptionChargeRetries, subscriptionCharges, subscriptionDunning, subscriptions } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { notifyAccount } from "@/lib/notifications/notify-account";
import { graceEndsAt, nextRetry, retryPaymentId } from "./renewal-rules";

/** The clock and the app's address (for the mails' links) of a dunning step. */
export interface DunningContext {
  now: Date;
  appUrl?: string;
}

export type DunningRow = typeof subscriptionDunning.$inferSelect;
export type RetryRow = typeof subscriptionChargeRetries.$inferSelect;

const planName = (plan: string) => (plan in PLANS ? PLANS[plan as PlanId].name : plan);
const plansUrl = (ctx: DunningContext) => `${ctx.appUrl ?? ""}/billing/plans`;

/**
 * A cycle's own charge (attempt 1) failed for good: Cashfree's FAILED webhook, or Cashfree refusing the charge.
 * Inside the caller's transaction: records the cycle's dunning (once: the charge id is its key), keeps the plan
 * active through the grace period (the account's plan end moves from the period end to the grace end), and
 * schedules the first retry with its pre-debit notice. Only a past_due subscription whose charge failed starts it
 * (a cancelled mandate's dropped cycle does not). Returns the dunning row, or null when nothing started.
 */
export async function startDunning(tx: Tx, ctx: DunningContext, chargeId: string): Promise<DunningRow | null> {
  const [charge] = await tx.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, chargeId)).for("update");
  if (!charge || charge.status !== "failed") return null;
  const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.id, charge.subscriptionId), eq(subscriptions.accountId, charge.accountId)));
  if (!sub || sub.status !== "past_due" || !sub.currentPeriodEnd) return null;
  const periodEnd = sub.currentPeriodEnd;
  const [dunning] = await tx
    .insert(subscriptionDunning)
    .values({
      chargeId: charge.id,
      accountId: charge.accountId,
      subscriptionId: sub.id,
      cycleKey: charge.cycleKey,
      periodEnd,
      firstFailedAt: ctx.now,
      graceEndsAt: graceEndsAt(periodEnd),
      status: "retrying",
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!dunning) return null;
  // The grace: the plan the subscription renews stays on until the grace ends (only if its end is still the
  // unpaid period's: a plan bought meanwhile is left alone).
  await tx
    .update(accounts)
    .set({ planExpiresAt: dunning.graceEndsAt })
    .where(and(eq(accounts.id, charge.accountId), eq(accounts.plan, sub.plan), eq(accounts.planExpiresAt, periodEnd)));
  await afterAttemptFailed(tx, ctx, dunning, 1);
  log.info("renewal charge failed; dunning started", { chargeId: charge.id, graceEndsAt: dunning.graceEndsAt.toISOString() });
  return dunning;
}

/**
 * Attempt `failedAttempt` of a cycle in dunning failed: the next retry is scheduled (its row, its pre-debit
 * notice now, at least 24 h before it, and the "payment failed, we'll retry on …" mail), or, with none left, the
 * plan lapses. Idempotent: the retry's (charge, attempt) key and the mails' dedupe keys name the attempt.
 */
export async function afterAttemptFailed(tx: Tx, ctx: DunningContext, dunning: DunningRow, failedAttempt: number): Promise<"retry_scheduled" | "lapsed" | "unchanged"> {
  if (dunning.status !== "retrying") return "unchanged";
  const [charge] = await tx.select().from(subscriptionCharges).where(eq(subscriptionCharges.id, dunning.chargeId));
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, dunning.subscriptionId));
  if (!charge || !sub) return "unchanged";
  if (sub.status !== "past_due") return lapse(tx, ctx, dunning, "cancelled");
  const next = nextRetry({ firstFailedAt: dunning.firstFailedAt, failedAttempt, noticeAt: ctx.now, graceEndsAt: dunning.graceEndsAt });
  if (!next) return lapse(tx, ctx, dunning, "exhausted");
  const [retry] = await tx
    .insert(subscriptionChargeRetries)
    .values({
      id: newId("scr"),
      accountId: charge.accountId,
      subscriptionId: sub.id,
      chargeId: charge.id,
      cycleKey: charge.cycleKey,
      attempt: next.attempt,
      paymentId: retryPaymentId(charge.accountId, charge.cycleKey, next.attempt),
      status: "notified",
      amountPaise: charge.amountPaise,
      preDebitNotifiedAt: ctx.now,
      chargeAt: next.chargeAt,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .onConflictDoNothing()
    .returning();
  if (!retry) return "unchanged";
  const plan = planName(sub.plan);
  await notifyAccount(tx, {
    accountId: charge.accountId,
    kind: "renewal-payment-failed",
    dedupeKey: `renewal-payment-failed:${charge.id}:${failedAttempt}`,
    data: { plan, amountPaise: charge.amountPaise.toString(), attempt: String(failedAttempt), retryAt: retry.chargeAt.toISOString(), graceEndsAt: dunning.graceEndsAt.toISOString(), url: plansUrl(ctx) },
  });
  // RBI / NPCI: a fresh pre-debit notice before every debit attempt, at least 24 h ahead (nextRetry keeps that).
  await notifyAccount(tx, {
    accountId: charge.accountId,
    kind: "renewal-pre-debit",
    dedupeKey: `renewal-pre-debit:${retry.id}`,
    data: { plan, amountPaise: retry.amountPaise.toString(), chargeAt: retry.chargeAt.toISOString(), maxAmountPaise: sub.maxAmountPaise.toString(), url: plansUrl(ctx) },
  });
  return "retry_scheduled";
}

/**
 * The cycle's dunning ends unpaid: the last retry failed ("exhausted"), the grace ran out with no success
 * ("grace_over"), or the owner cancelled the mandate meanwhile ("cancelled"). The plan lapses to Free now, or at
 * the paid period's end if that is still ahead (its end, still the grace end Khata set, moves there: the ordinary
 * lapse of an unpaid plan), the subscription is
 * cancelled (the dunning cron cancels the mandate on Cashfree), retries not yet raised are dropped, and the
 * owner is told (not for their own cancellation).
 */
export async function lapse(tx: Tx, ctx: DunningContext, dunning: DunningRow, reason: "exhausted" | "grace_over" | "cancelled"): Promise<"lapsed"> {
  const [done] = await tx
    .update(subscriptionDunning)
    .set({ status: "lapsed", lapsedAt: ctx.now, updatedAt: ctx.now })
    .where(and(eq(subscriptionDunning.chargeId, dunning.chargeId), eq(subscriptionDunning.status, "retrying")))
    .returning();
  if (!done) return "lapsed";
  await tx
    .update(subscriptionChargeRetries)
    .set({ status: "failed", failureReason: `dunning ended: ${reason}`, updatedAt: ctx.now })
    .where(and(eq(subscriptionChargeRetries.chargeId, dunning.chargeId), eq(subscriptionChargeRetries.status, "notified")));
  // Locks in the settlement's order: the account, then the subscription.
  // The paid period is never cut short (a cancel before its end): the plan ends at the later of it and now.
  const endsAt = new Date(Math.max(ctx.now.getTime(), dunning.periodEnd.getTime()));
  await tx
    .update(accounts)
    .set({ planExpiresAt: endsAt })
    .where(and(eq(accounts.id, dunning.accountId), eq(accounts.planExpiresAt, dunning.graceEndsAt)));
  const [sub] = await tx
    .update(subscriptions)
    .set({ status: "cancelled", nextChargeAt: null, updatedAt: ctx.now })
    .where(and(eq(subscriptions.id, dunning.subscriptionId), inArray(subscriptions.status, ["past_due", "cancelled"])))
    .returning();
  if (reason !== "cancelled" && sub) {
    const [charge] = await tx.select({ amountPaise: subscriptionCharges.amountPaise }).from(subscriptionCharges).where(eq(subscriptionCharges.id, dunning.chargeId));
    await notifyAccount(tx, {
      accountId: dunning.accountId,
      kind: "renewal-lapsed",
      dedupeKey: `renewal-lapsed:${dunning.chargeId}`,
      data: { plan: planName(sub.plan), amountPaise: (charge?.amountPaise ?? 0n).toString(), lapsedAt: ctx.now.toISOString(), url: plansUrl(ctx) },
    });
  }
  log.info("renewal dunning ended unpaid; plan lapsed", { chargeId: dunning.chargeId, reason });
  return "lapsed";
}

/**
 * A retry (or the cycle's own charge) succeeded and paid the cycle's order: the dunning is over and retries
 * not yet raised are dropped (a raised one that also succeeds is flagged on the order, never credited).
 */
export async function markRecovered(tx: Tx, ctx: DunningContext, chargeId: string): Promise<void> {
  const [done] = await tx
    .update(subscriptionDunning)
    .set({ status: "recovered", updatedAt: ctx.now })
    .where(and(eq(subscriptionDunning.chargeId, chargeId), eq(subscriptionDunning.status, "retrying")))
    .returning();
  if (!done) return;
  await tx
    .update(subscriptionChargeRetries)
    .set({ status: "failed", failureReason: "not needed: the cycle was paid", updatedAt: ctx.now })
    .where(and(eq(subscriptionChargeRetries.chargeId, chargeId), eq(subscriptionChargeRetries.status, "notified")));
}
