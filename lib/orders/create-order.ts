import { and, eq } from "drizzle-orm";
import {
  buildCreateOrderRequest,
  CashfreeApiError,
  CashfreeError,
  ORDER_ID_PLACEHOLDER,
  type CreateOrderRequest,
} from "@/lib/cashfree";
import { checkBillingProfile, type BillingProfileField, type BillingProfileProblem } from "@/lib/billing-profile/check-billing-profile";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { getEnv } from "@/lib/config/env";
import { PLANS } from "@/lib/config/plans";
import { accounts, orders } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { newOrderId } from "@/lib/ids";
import { log } from "@/lib/log";
import { formatCredits } from "@/lib/money/format-inr";
import { clock, type OrderDeps } from "./deps";
import { paiseToRupees } from "@/lib/money/format-inr";
import { getLiveSubscription } from "@/lib/subscriptions/get-live-subscription";
import { activePlanOf } from "./plan-period";
import type { CreateOrderBody } from "./schemas";

/** How long a Cashfree order (and its checkout session) stays payable. */
export const ORDER_TTL_MS = 60 * 60 * 1000;

export interface CreateOrderInput {
  accountId: string;
  userId: string | null;
  request: CreateOrderBody;
  /** Retry: the order this one replaces. Linked in the same transaction; refused if it is paid or already replaced. */
  replacesOrderId?: string;
}

/** The create-order answer, exactly as in seed 000. */
export interface CreateOrderResponse {
  order_id: string;
  cf_order_id: string;
  payment_session_id: string;
  /** Rupees (GST-inclusive), e.g. 5000 for 5,000 credits. */
  amount: number;
  currency: "INR";
  env: string;
}

function priceOf(request: CreateOrderBody): { credits: bigint; amountPaise: bigint; plan: string | null; note: string } {
  if (request.type === "credit_topup") {
    const credits = BigInt(request.credits);
    return { credits, amountPaise: credits * 100n, plan: null, note: `Khata prepaid credits: ${formatCredits(credits)}` };
  }
  const plan = PLANS[request.plan];
  return { credits: plan.includedCredits, amountPaise: plan.monthlyPricePaise, plan: plan.id, note: `Khata ${plan.name} plan, 1 month` };
}

const FIELD_LABELS: Record<BillingProfileField, string> = {
  legal_name: "legal name",
  address_line1: "address",
  address_line2: "address line 2",
  city: "city",
  postal_code: "PIN code",
  state_code: "state",
  phone: "phone",
  email: "email",
  gstin: "GSTIN",
};

/** `billing_profile_incomplete` naming the field(s) to fix, as data: `details.field` (the first), `fields`, `problems`. */
export function incompleteProfile(missing: boolean, problems: BillingProfileProblem[]): AppError {
  const first = problems[0]!;
  const message = missing
    ? "Add your billing details (legal name, address, state, phone, email) before paying: they go on your GST invoice."
    : `Your billing profile's ${FIELD_LABELS[first.field]} cannot be used: ${first.message} Update it under Settings → Billing profile before paying.`;
  return new AppError("billing_profile_incomplete", message, {
    details: { field: first.field, fields: problems.map((p) => p.field), problems },
  });
}

/**
 * Starts a payment: checks the account may buy this (billing profile complete, plans only upward), records our
 * order (ACTIVE), then creates the Cashfree order with our id as both `order_id` and idempotency key. If Cashfree
 * refuses or cannot be reached the order is closed (TERMINATED) so it never lingers, and the caller gets a 502.
 */
export async function createOrder(deps: OrderDeps, input: CreateOrderInput): Promise<CreateOrderResponse> {
  const { db, cashfree } = deps;
  const env = getEnv();
  const now = clock(deps);

  const check = checkBillingProfile(await getBillingProfile(db, input.accountId));
  if (!check.ok) throw incompleteProfile(check.missing, check.problems);
  const { profile } = check;

  if (input.request.type === "plan_upgrade") {
    const [account] = await db
      .select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt })
      .from(accounts)
      .where(eq(accounts.id, input.accountId))
      .limit(1);
    if (!account) throw notFound("Account");
    const active = activePlanOf(account, now);
    const wanted = PLANS[input.request.plan];
    // A plan a mandate renews changes on its billing cycle (prorated upgrade, lib/subscriptions/change-plan.ts): a
    // one-off full month on top would pay twice for the same days and leave the mandate renewing the old plan.
    const renewal = await getLiveSubscription(db, input.accountId);
    if (renewal && (renewal.status === "active" || renewal.status === "past_due")) {
      throw new AppError("conflict", "This plan renews automatically: change it with POST /api/v1/subscriptions/change (prorated), or cancel automatic renewal first.", {
        details: { current_plan: active.plan, requested_plan: wanted.id, subscription_id: renewal.id },
      });
    }
    if (wanted.rank <= active.rank) {
      throw new AppError(
        "plan_not_upgradable",
        `Your account is on the ${active.plan} plan${active.expiresAt ? ` until ${active.expiresAt.toISOString()}` : ""}; you can only upgrade to a higher plan.`,
        { details: { current_plan: active.plan, requested_plan: wanted.id } },
      );
    }
  }

  const price = priceOf(input.request);
  const orderId = newOrderId();
  const expiresAt = new Date(now.getTime() + ORDER_TTL_MS);
  // The profile passed checkBillingProfile, so a refusal here is our own configuration, not the customer's data.
  const cfRequest: CreateOrderRequest = buildCreateOrderRequest({
    orderId,
    amountPaise: price.amountPaise,
    customer: { id: input.accountId, phone: profile.phone, email: profile.email, name: profile.legalName },
    returnUrl: `${env.APP_URL}/billing/return?order_id=${ORDER_ID_PLACEHOLDER}`,
    notifyUrl: `${env.APP_URL}/api/v1/payments/webhook`,
    note: price.note,
    tags: { account_id: input.accountId, type: input.request.type },
    expiresAt,
  });

  await db.transaction(async (tx) => {
    if (input.replacesOrderId) {
      const [old] = await tx
        .select({ status: orders.status, replacedBy: orders.replacedByOrderId })
        .from(orders)
        .where(and(eq(orders.id, input.replacesOrderId), eq(orders.accountId, input.accountId)))
        .for("update");
      if (!old) throw notFound("Order");
      if (old.status === "PAID") throw new AppError("order_already_paid", "This order is already paid.");
      if (old.replacedBy) {
        throw new AppError("order_not_retryable", `This order was already replaced by ${old.replacedBy}; pay or retry that one.`, {
          details: { replaced_by_order_id: old.replacedBy },
        });
      }
    }
    await tx.insert(orders).values({
      id: orderId,
      accountId: input.accountId,
      createdByUserId: input.userId,
      type: input.request.type,
      plan: price.plan,
      credits: price.credits,
      amountPaise: price.amountPaise,
      currency: "INR",
      status: "ACTIVE",
      cashfreeEnv: cashfree.env,
      expiresAt,
      replacesOrderId: input.replacesOrderId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    if (input.replacesOrderId) {
      await tx
        .update(orders)
        .set({ replacedByOrderId: orderId, updatedAt: now })
        .where(and(eq(orders.id, input.replacesOrderId), eq(orders.accountId, input.accountId)));
    }
  });

  try {
    const cf = await cashfree.createOrder(cfRequest, { idempotencyKey: orderId });
    if (!cf.payment_session_id) throw new Error("Cashfree returned no payment_session_id");
    const cfExpiry = cf.order_expiry_time ? new Date(cf.order_expiry_time) : null;
    await db
      .update(orders)
      .set({
        cfOrderId: cf.cf_order_id,
        paymentSessionId: cf.payment_session_id,
        updatedAt: clock(deps),
        expiresAt: cfExpiry && !Number.isNaN(cfExpiry.getTime()) ? cfExpiry : expiresAt,
      })
      .where(and(eq(orders.id, orderId), eq(orders.accountId, input.accountId)));
    return {
      order_id: orderId,
      cf_order_id: cf.cf_order_id,
      payment_session_id: cf.payment_session_id,
      amount: paiseToRupees(price.amountPaise),
      currency: "INR",
      env: cashfree.env,
    };
  } catch (error) {
    // Close the order (never leave an ACTIVE order Cashfree does not know), and free the retried order for another retry.
    await db.transaction(async (tx) => {
      await tx
        .update(orders)
        .set({ status: "TERMINATED", updatedAt: clock(deps) })
        .where(and(eq(orders.id, orderId), eq(orders.status, "ACTIVE")));
      if (input.replacesOrderId) {
        await tx
          .update(orders)
          .set({ replacedByOrderId: null, updatedAt: clock(deps) })
          .where(and(eq(orders.id, input.replacesOrderId), eq(orders.replacedByOrderId, orderId)));
      }
    });
    log.warn("cashfree create order failed", { orderId, accountId: input.accountId, err: error });
    const providerCode = error instanceof CashfreeApiError ? error.code : undefined;
    throw new AppError("payment_provider_error", "The payment provider could not start this payment. Try again in a moment.", {
      details: { order_id: orderId, ...(providerCode ? { provider_code: providerCode } : {}) },
      cause: error instanceof CashfreeError ? error : undefined,
    });
  }
}
