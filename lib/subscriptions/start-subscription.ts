import { and, eq, notInArray } from "drizzle-orm";
import { CashfreeApiError, CashfreeError, type CashfreeClient } from "@/lib/cashfree";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { PLANS, type PlanId } from "@/lib/config/plans";
import { accounts, subscriptions } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { paiseToRupees } from "@/lib/money/format-inr";
import { activePlanOf } from "@/lib/orders/plan-period";
import { clock, type SubscriptionDeps } from "./deps";
import { mandatePaymentMethods } from "./renewal-rules";
import { subscriptionView, type SubscriptionView } from "./subscription-view";

export interface StartSubscriptionInput {
  accountId: string;
  plan: PlanId;
}

export interface StartedSubscription {
  subscription: SubscriptionView;
  /** For the Cashfree JS SDK (`subscriptionsCheckout({ subsSessionId })`). */
  sessionId: string;
  /** The hosted mandate page when Khata runs against the emulator; null on sandbox/production (the SDK opens it). */
  authorisationUrl: string | null;
}

/** The mandate's ceiling: the plan's monthly price (one renewal per charge), what the owner sees and authorises. */
export const mandateMaxPaise = (plan: PlanId): bigint => PLANS[plan].monthlyPricePaise;

/** Cashfree's plan for a Khata plan's renewal: one ON_DEMAND plan per Khata plan, created once. */
export const cashfreePlanId = (plan: PlanId) => `khata_${plan}_renewal`;

/**
 * Starts plan renewal for an account (the owner, from the Plans page): records the subscription as
 * pending_authorization, then creates Cashfree's ON_DEMAND plan (once) and the subscription, whose session the
 * owner authorises on Cashfree's hosted mandate page. The account must be on this plan now (renewal renews what
 * it has) and have no live subscription (a partial unique index keeps it one). No transaction is held across the
 * Cashfree calls; a Cashfree failure leaves the row pending without a session, and a new start replaces it
 * (as it replaces a pending mandate the owner never authorised).
 */
export async function startSubscription(deps: SubscriptionDeps, input: StartSubscriptionInput): Promise<StartedSubscription> {
  const now = clock(deps);
  const [account] = await deps.db.select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt }).from(accounts).where(eq(accounts.id, input.accountId));
  if (!account) throw notFound("Account");
  const active = activePlanOf(account, now);
  if (active.plan !== input.plan || !active.expiresAt) {
    throw new AppError("conflict", `Automatic renewal renews the plan you are on; this account is on ${active.plan}.`, { details: { current_plan: active.plan } });
  }
  const profile = await getBillingProfile(deps.db, input.accountId);
  if (!profile?.phone) throw new AppError("billing_profile_incomplete", "Add a phone number to the billing profile before authorising a mandate.");

  const id = newId("sub");
  const maxAmountPaise = mandateMaxPaise(input.plan);
  await deps.db.transaction(async (tx) => {
    // A mandate not yet authorised (abandoned on Cashfree's page, or never created there) is replaced; Cashfree
    // lets the unauthorised one expire. An authorised one must be cancelled first.
    const [live] = await tx
      .select({ id: subscriptions.id, status: subscriptions.status })
      .from(subscriptions)
      .where(and(eq(subscriptions.accountId, input.accountId), notInArray(subscriptions.status, ["cancelled", "authorization_failed"])))
      .for("update");
    if (live && live.status !== "pending_authorization") throw new AppError("conflict", "This account already has a renewal mandate; cancel it first.", { details: { subscription_id: live.id } });
    if (live) await tx.update(subscriptions).set({ status: "cancelled", updatedAt: now }).where(eq(subscriptions.id, live.id));
    await tx.insert(subscriptions).values({
      id,
      accountId: input.accountId,
      plan: input.plan,
      cashfreeEnv: deps.cashfree.env,
      status: "pending_authorization",
      maxAmountPaise,
      currentPeriodEnd: active.expiresAt,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, { action: "subscription.start", accountId: input.accountId, targetType: "subscription", targetId: id, after: { plan: input.plan, max_amount_paise: maxAmountPaise.toString() } });
  });

  const cf = await callCashfree(async () => {
    await ensurePlan(deps.cashfree, input.plan);
    return deps.cashfree.createSubscription(
      {
        subscription_id: id,
        customer_details: { customer_phone: profile.phone, customer_email: profile.email ?? undefined, customer_name: profile.legalName },
        plan_details: { plan_id: cashfreePlanId(input.plan) },
        authorization_details: { authorization_amount: 1, authorization_amount_refund: true, payment_methods: mandatePaymentMethods(maxAmountPaise) },
        subscription_meta: deps.appUrl ? { return_url: `${deps.appUrl}/billing/plans?renewal=${id}`, notify_url: `${deps.appUrl}/api/v1/subscriptions/webhook` } : undefined,
      },
      { idempotencyKey: id },
    );
  });
  const sessionId = cf.subscription_session_id;
  if (!sessionId) throw new AppError("payment_provider_error", "Cashfree did not return a subscription session.");
  const [row] = await deps.db
    .update(subscriptions)
    .set({ cfSubscriptionId: cf.cf_subscription_id, cfSessionId: sessionId, updatedAt: now })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.accountId, input.accountId)))
    .returning();
  const authorisationUrl = deps.cashfree.env === "emulator" ? `${deps.cashfree.baseUrl.replace(/\/pg$/, "")}/subscriptions/checkout/${encodeURIComponent(sessionId)}` : null;
  return { subscription: subscriptionView(row!), sessionId, authorisationUrl };
}

async function ensurePlan(cashfree: CashfreeClient, plan: PlanId): Promise<void> {
  try {
    await cashfree.createPlan(
      { plan_id: cashfreePlanId(plan), plan_name: `Khata ${PLANS[plan].name} renewal`, plan_type: "ON_DEMAND", plan_currency: "INR", plan_max_amount: paiseToRupees(mandateMaxPaise(plan)) },
      { idempotencyKey: cashfreePlanId(plan) },
    );
  } catch (error) {
    if (error instanceof CashfreeApiError && error.status === 409) return; // created before
    throw error;
  }
}

async function callCashfree<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CashfreeError) throw new AppError("payment_provider_error", "Cashfree could not start the mandate; try again.", { cause: error });
    throw error;
  }
}
