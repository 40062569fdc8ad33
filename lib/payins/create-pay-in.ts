import { and, eq } from "drizzle-orm";
import { CashfreeApiError, CashfreeError, normaliseIndianPhone, paiseToOrderAmount, type CreateLinkRequest } from "@/lib/cashfree";
import { checkBillingProfile } from "@/lib/billing-profile/check-billing-profile";
import { getBillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { getEnv } from "@/lib/config/env";
import { orders } from "@/lib/db/schema";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { newOrderId } from "@/lib/ids";
import { log } from "@/lib/log";
import { formatCredits } from "@/lib/money/format-inr";
import { incompleteProfile } from "@/lib/orders/create-order";
import { clock, type OrderDeps } from "@/lib/orders/deps";
import { payInCreatedView, type PayInCreatedView } from "./pay-in-view";
import { DEFAULT_PAY_IN_TTL_MS, type CreatePayInBody } from "./schemas";

export interface CreatePayInInput {
  accountId: string;
  /** The member whose session or personal key created it; null for an account service key. */
  userId: string | null;
  /** The key (service or personal) that created it by API. */
  apiKeyId?: string | null;
  request: CreatePayInBody;
}

const REFERENCE_INDEX = "orders_account_reference_idx";

function duplicateReference(reference: string, orderId?: string): AppError {
  return new AppError("duplicate_order_id", `A payment with reference ${reference} already exists in this account.`, {
    details: { reference, ...(orderId ? { payment_id: orderId } : {}) },
  });
}

/**
 * POST /api/v1/payments: a pay-in, i.e. a credit top-up (amount rupees = credits) that someone else pays through a
 * Cashfree payment link. Like createOrder: the account's billing profile must be complete (the GST invoice is
 * the account's); our order is recorded first (ACTIVE, payment_link, the caller's reference and the payer), its id
 * is the link's `link_id` and the idempotency key of Create Payment Link, then the link's id, URL and expiry are
 * stored. A reference the account used before → `duplicate_order_id` (a pre-check, and the unique index
 * orders_account_reference_idx for a concurrent twin). If Cashfree refuses or cannot be reached the order is
 * closed (TERMINATED; its reference stays taken, as the caller may have seen it) and the caller gets a 502.
 * Paying the link settles through the one settlement function (PAYMENT_LINK_EVENT or the link order's payment
 * webhook, verify, the sweeper), exactly once.
 */
export async function createPayIn(deps: OrderDeps, input: CreatePayInInput): Promise<PayInCreatedView> {
  const { db, cashfree } = deps;
  const env = getEnv();
  const now = clock(deps);
  const { request } = input;

  const check = checkBillingProfile(await getBillingProfile(db, input.accountId));
  if (!check.ok) throw incompleteProfile(check.missing, check.problems);
  const reference = request.reference ?? null;
  if (reference) {
    const [taken] = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.accountId, input.accountId), eq(orders.reference, reference)))
      .limit(1);
    if (taken) throw duplicateReference(reference, taken.id);
  }

  const credits = BigInt(request.amount);
  const amountPaise = credits * 100n;
  const orderId = newOrderId();
  const expiresAt = new Date(request.expires_at ? Date.parse(request.expires_at) : now.getTime() + DEFAULT_PAY_IN_TTL_MS);
  const payer = { name: request.payer.name, email: request.payer.email ?? null, phone: normaliseIndianPhone(request.payer.phone) };
  const cfRequest: CreateLinkRequest = {
    link_id: orderId,
    link_amount: paiseToOrderAmount(amountPaise),
    link_currency: "INR",
    link_purpose: request.purpose ?? `Khata prepaid credits: ${formatCredits(credits)}`,
    customer_details: { customer_phone: payer.phone, customer_name: payer.name, ...(payer.email ? { customer_email: payer.email } : {}) },
    link_partial_payments: false,
    link_expiry_time: expiresAt.toISOString(),
    // Khata hands the link to its caller; Cashfree sends no SMS or email of its own.
    link_notify: { send_sms: false, send_email: false },
    link_notes: { account_id: input.accountId, ...(reference ? { reference } : {}) },
    link_meta: { notify_url: `${env.APP_URL}/api/v1/payments/webhook` },
  };

  try {
    await db.insert(orders).values({
      id: orderId,
      accountId: input.accountId,
      createdByUserId: input.userId,
      createdByApiKeyId: input.apiKeyId ?? null,
      type: "credit_topup",
      plan: null,
      credits,
      amountPaise,
      currency: "INR",
      status: "ACTIVE",
      cashfreeEnv: cashfree.env,
      expiresAt,
      paymentLink: true,
      reference,
      payerName: payer.name,
      payerEmail: payer.email,
      payerPhone: payer.phone,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (reference && isUniqueViolation(error, REFERENCE_INDEX)) throw duplicateReference(reference);
    throw error;
  }

  try {
    const link = await cashfree.createLink(cfRequest, { idempotencyKey: orderId });
    const cfExpiry = link.link_expiry_time ? new Date(link.link_expiry_time) : null;
    const [row] = await db
      .update(orders)
      .set({
        cfLinkId: link.cf_link_id,
        linkUrl: link.link_url,
        expiresAt: cfExpiry && !Number.isNaN(cfExpiry.getTime()) ? cfExpiry : expiresAt,
        updatedAt: clock(deps),
      })
      .where(and(eq(orders.id, orderId), eq(orders.accountId, input.accountId)))
      .returning();
    return payInCreatedView(row!, clock(deps));
  } catch (error) {
    await db
      .update(orders)
      .set({ status: "TERMINATED", updatedAt: clock(deps) })
      .where(and(eq(orders.id, orderId), eq(orders.accountId, input.accountId), eq(orders.status, "ACTIVE")));
    log.warn("cashfree create payment link failed", { orderId, accountId: input.accountId, err: error });
    const providerCode = error instanceof CashfreeApiError ? error.code : undefined;
    throw new AppError("payment_provider_error", "The payment provider could not create this payment link. Try again in a moment.", {
      details: { payment_id: orderId, ...(providerCode ? { provider_code: providerCode } : {}) },
      cause: error instanceof CashfreeError ? error : undefined,
    });
  }
}
