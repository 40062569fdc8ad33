import { and, eq } from "drizzle-orm";
import type { CashfreePaymentStatus } from "@/lib/cashfree";
import { getEnv } from "@/lib/config/env";
import { PLANS, type PlanId } from "@/lib/config/plans";
import { grantCredits } from "@/lib/credits/grant-credits";
import type { Tx } from "@/lib/db";
import { accounts, billingProfiles, orders } from "@/lib/db/schema";
import { prepareInvoice, type PreparedInvoice } from "@/lib/invoices/prepare-invoice";
import { enqueueEvent, insertOutboxRow, outboxRow, type OutboxRow } from "@/lib/outbound-webhooks/enqueue-event";
import type { BillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { log } from "@/lib/log";
import { formatCredits, formatInr, paiseToRupees } from "@/lib/money/format-inr";
import type { OrderRow } from "./order-view";
import { describePaymentMethod, storedPaymentMethod, type PaymentMethodDetails } from "./payment-method";
import { settlePlanChange } from "@/lib/subscriptions/settle-plan-change";
import { activePlanOf, planPeriodLabel, planPurchaseEffect } from "./plan-period";

/** A payment as Cashfree reports it (webhook or Get Payments), before we trust any of it. */
export interface ReportedPayment {
  cfPaymentId: string;
  status: CashfreePaymentStatus;
  /** Rupees, as Cashfree writes them (e.g. 5000 or 999.99). */
  amount: number;
  currency: string;
  /** Cashfree's `payment_group` and `payment_method`, as reported (reduced to safe fields when stored). */
  group?: string | null;
  method?: Record<string, unknown> | null;
  /**
   * When Cashfree received the payment, as it reports it (webhook `payment_time`; Get Payments
   * `payment_completion_time`, else `payment_time`). The time of supply: see {@link timeOfSupply}.
   */
  paidAtText?: string | null;
  /** The Cashfree order the payment was made in when it is not ours: a payment link's `CFPay_…` order. */
  cfOrderId?: string | null;
}

/**
 * The time of supply of a settled payment (CGST Act s.13: a prepaid service's supply is at the receipt of payment):
 * when Cashfree received it, not when Khata processed its webhook. It dates the invoice (and so picks its financial
 * year's number series), and is the order's paid_at and a plan's start. Cashfree's timestamp is used when it parses
 * and is not in the future (never date an invoice after it was issued); otherwise the settlement time.
 */
export function timeOfSupply(payment: Pick<ReportedPayment, "paidAtText">, now: Date): Date {
  const ms = payment.paidAtText ? Date.parse(payment.paidAtText) : Number.NaN;
  if (Number.isNaN(ms) || ms > now.getTime()) return now;
  return new Date(ms);
}

export type SettleOutcome =
  /** Marked PAID now: credits (and plan) granted, invoice issued (numbered by the batch's last statement). */
  | "paid"
  /** Already PAID by this payment: nothing to do (exactly once). */
  | "already_paid"
  /** A second successful payment on a PAID order: nothing granted, order flagged (refund by an operator). */
  | "duplicate_payment_flagged"
  /** Successful payment whose amount or currency differs from the order's: nothing granted, order flagged. */
  | "amount_mismatch_flagged"
  | "marked_failed"
  | "marked_user_dropped"
  /** Nothing changed (pending payment, or a failure on an order that is no longer open). */
  | "unchanged"
  | "unknown_order";

export interface SettleResult {
  outcome: SettleOutcome;
  order: OrderRow | null;
  invoiceNumber: string | null;
}

export interface PaymentInput {
  orderId: string;
  payment: ReportedPayment;
  /** Restricts the order to this account (verify); the webhook knows only the order id. */
  accountId?: string;
}

/** Cashfree's rupee number → paise; null when it is not a whole number of paise. */
export function rupeeAmountToPaise(amount: number): bigint | null {
  if (!Number.isFinite(amount) || amount < 0) return null;
  const paise = Math.round(amount * 100);
  if (Math.abs(amount * 100 - paise) > 1e-6 || !Number.isSafeInteger(paise)) return null;
  return BigInt(paise);
}

function withReason(existing: string | null, reason: string): string {
  if (!existing) return reason;
  return existing.includes(reason) ? existing : `${existing}; ${reason}`;
}

/** One order's settlement inside a batch: its result, and the invoice to number at the batch's end (if any). */
export interface AppliedPayment {
  result: SettleResult;
  invoice: PreparedInvoice | null;
}

/**
 * The rules of one payment on one order, inside the batch's transaction (lib/orders/settle-order.ts):
 * - locks the order (FOR UPDATE), so concurrent batches and verify calls queue here;
 * - PAID already → no-op (a different successful payment is flagged, never granted);
 * - SUCCESS with the order's exact amount and currency → PAID, credits granted through the ledger (cause
 *   `order:<id>`), plan applied, invoice prepared (numbered by the batch's last statement); any other
 *   amount/currency → flagged, nothing granted, status kept;
 * - FAILED/CANCELLED/VOID → FAILED, USER_DROPPED → USER_DROPPED, but only while the order is open (ACTIVE,
 *   FAILED, USER_DROPPED): late failures never move a PAID, EXPIRED or TERMINATED order;
 * - a payment on an order that a retry replaced still settles that order (money received is credited once).
 */
export async function applyPayment(tx: Tx, input: PaymentInput, now: Date): Promise<AppliedPayment> {
  const result = await applyPaymentRules(tx, input, now);
  return "invoice" in result ? result : { result, invoice: null };
}

async function applyPaymentRules(tx: Tx, input: PaymentInput, now: Date): Promise<SettleResult | AppliedPayment> {
  const where = input.accountId ? and(eq(orders.id, input.orderId), eq(orders.accountId, input.accountId)) : eq(orders.id, input.orderId);
  // The order row is locked; the billing profile (for the invoice) comes with it, saving a round trip.
  const [found] = await tx
    .select({ order: orders, profile: billingProfiles })
    .from(orders)
    .leftJoin(billingProfiles, eq(billingProfiles.accountId, orders.accountId))
    .where(where)
    .for("update", { of: orders });
  if (!found) return { outcome: "unknown_order", order: null, invoiceNumber: null };
  const { order, profile } = found;
  const scoped = and(eq(orders.id, order.id), eq(orders.accountId, order.accountId));
  const { payment } = input;

  const update = async (set: Partial<typeof orders.$inferInsert>) => {
    const [row] = await tx.update(orders).set({ ...set, updatedAt: now }).where(scoped).returning();
    return row!;
  };

  if (order.status === "PAID") {
    if (payment.status === "SUCCESS" && order.cfPaymentId !== payment.cfPaymentId) {
      const reason = `duplicate_payment: cf_payment_id ${payment.cfPaymentId} (${payment.amount} ${payment.currency}) also succeeded; refund it`;
      if (order.reviewReason?.includes(reason)) return { outcome: "already_paid", order, invoiceNumber: null };
      log.warn("second successful payment on a paid order", { orderId: order.id, cfPaymentId: payment.cfPaymentId });
      const row = await update({ flaggedForReview: true, reviewReason: withReason(order.reviewReason, reason) });
      return { outcome: "duplicate_payment_flagged", order: row, invoiceNumber: null };
    }
    // A pay-in settled by its PAYMENT_LINK_EVENT (no method there): the link order's payment webhook brings the method.
    const missingMethod = !order.paymentGroup && !order.paymentMethod && (payment.group || payment.method);
    const missingPayingOrder = !order.cfPayingOrderId && payingOrderIdOf(order, payment);
    if (payment.status === "SUCCESS" && (missingMethod || missingPayingOrder)) {
      const set = { ...(missingMethod ? paymentMethodColumns(payment) : {}), ...(missingPayingOrder ? { cfPayingOrderId: missingPayingOrder } : {}) };
      return { outcome: "already_paid", order: await update(set), invoiceNumber: null };
    }
    return { outcome: "already_paid", order, invoiceNumber: null };
  }

  if (payment.status === "SUCCESS") {
    const paidPaise = rupeeAmountToPaise(payment.amount);
    if (paidPaise === null || paidPaise !== order.amountPaise || payment.currency !== order.currency) {
      const reason =
        `amount_mismatch: cf_payment_id ${payment.cfPaymentId} paid ${payment.amount} ${payment.currency}, ` +
        `order is ${formatInr(order.amountPaise)} ${order.currency}`;
      log.warn("payment amount differs from the order; flagged, nothing granted", { orderId: order.id, cfPaymentId: payment.cfPaymentId });
      const row = await update({
        flaggedForReview: true,
        reviewReason: withReason(order.reviewReason, reason),
        cfPaymentId: payment.cfPaymentId,
        paidAmountPaise: paidPaise,
        // An operator refunds it through the order Cashfree knows it under.
        cfPayingOrderId: payingOrderIdOf(order, payment),
      });
      return { outcome: "amount_mismatch_flagged", order: row, invoiceNumber: null };
    }
    return markPaid(tx, order, profile, payment, now, update);
  }

  if (payment.status === "FAILED" || payment.status === "CANCELLED" || payment.status === "VOID" || payment.status === "USER_DROPPED") {
    if (order.status !== "ACTIVE" && order.status !== "FAILED" && order.status !== "USER_DROPPED") {
      return { outcome: "unchanged", order, invoiceNumber: null };
    }
    const status = payment.status === "USER_DROPPED" ? "USER_DROPPED" : "FAILED";
    const row = await update({ status });
    await enqueueEvent(tx, {
      accountId: order.accountId,
      type: "payment.failed",
      causeKey: `payment.failed:${order.id}:${payment.cfPaymentId}`,
      payload: {
        order_id: order.id,
        amount: paiseToRupees(order.amountPaise),
        currency: order.currency,
        status: status === "FAILED" ? "failed" : "user_dropped",
        payer: payerOf(order, profile),
        ...payInFields(order),
        cf_payment_id: payment.cfPaymentId,
      },
    });
    return { outcome: status === "FAILED" ? "marked_failed" : "marked_user_dropped", order: row, invoiceNumber: null };
  }

  // PENDING, NOT_ATTEMPTED, FLAGGED (held by Cashfree's risk checks): wait for the final event.
  return { outcome: "unchanged", order, invoiceNumber: null };
}

/**
 * Seed 001's `payer` of a payment event: whoever a pay-in names as its payer, else the account's billing name
 * (the account paid its own checkout); null when neither is known.
 */
export function payerOf(order: Pick<OrderRow, "payerName">, profile: Pick<BillingProfile, "legalName"> | null): string | null {
  return order.payerName ?? profile?.legalName ?? null;
}

/** A pay-in's link fields on its payment events (absent for checkout orders). */
function payInFields(order: OrderRow): Record<string, unknown> {
  if (!order.paymentLink) return {};
  return { reference: order.reference, payer_details: { name: order.payerName, email: order.payerEmail, phone: order.payerPhone } };
}

/** The customer's `payment.completed` outbox event of a settled order (written by the batch's last statement). */
export function paymentCompletedEvent(order: OrderRow, cfPaymentId: string, profile: Pick<BillingProfile, "legalName"> | null): OutboxRow {
  return outboxRow({
    accountId: order.accountId,
    type: "payment.completed",
    causeKey: `payment.completed:${order.id}`,
    payload: {
      order_id: order.id,
      amount: paiseToRupees(order.amountPaise),
      currency: order.currency,
      status: "completed",
      type: order.type,
      credits: order.credits,
      plan: order.plan,
      payer: payerOf(order, profile),
      ...payInFields(order),
      cf_payment_id: cfPaymentId,
    },
  });
}

/** The orders columns of the settling payment's method (only safe, masked fields). */
export function paymentMethodColumns(payment: ReportedPayment): { paymentGroup: string | null; paymentMethod: PaymentMethodDetails | null } {
  const stored = storedPaymentMethod(payment.group, payment.method);
  return { paymentGroup: stored.group, paymentMethod: stored.method };
}

/** A pay-in's paying Cashfree order (`CFPay_…`) of a payment, null for a checkout order (Cashfree's order is ours). */
export function payingOrderIdOf(order: Pick<OrderRow, "id" | "paymentLink">, payment: ReportedPayment): string | null {
  if (!order.paymentLink || !payment.cfOrderId || payment.cfOrderId === order.id) return null;
  return payment.cfOrderId;
}

/** The invoice's "Paid by …" of the settling payment. */
export function invoicePayment(payment: ReportedPayment): { method: string | null; cfPaymentId: string } {
  return { method: describePaymentMethod(payment.group, payment.method), cfPaymentId: payment.cfPaymentId };
}

/** The ledger line of a credit top-up's grant. */
export const topUpLedgerDescription = (credits: bigint) => `Top-up: ${formatCredits(credits)} credits`;

/** The invoice line of a credit top-up: what is supplied (PREPAID_CREDITS_DESCRIPTION), then the credits. */
export const topUpInvoiceDescription = (credits: bigint) => `${getEnv().PREPAID_CREDITS_DESCRIPTION} (${formatCredits(credits)} credits)`;

async function markPaid(
  tx: Tx,
  order: OrderRow,
  profile: BillingProfile | null,
  payment: ReportedPayment,
  now: Date,
  update: (set: Partial<typeof orders.$inferInsert>) => Promise<OrderRow>,
): Promise<AppliedPayment> {
  const supplyAt = timeOfSupply(payment, now);
  let flagReason: string | null = null;
  let invoiceDescription: string;
  let quantityCredits: bigint | undefined;

  if (order.type === "credit_topup") {
    await grantCredits(tx, {
      accountId: order.accountId,
      kind: "topup",
      amountCredits: order.credits,
      causeKey: `order:${order.id}`,
      orderId: order.id,
      description: topUpLedgerDescription(order.credits),
      metadata: { cf_payment_id: payment.cfPaymentId },
    });
    invoiceDescription = topUpInvoiceDescription(order.credits);
    quantityCredits = order.credits;
  } else {
    const planId = order.plan as PlanId;
    const plan = PLANS[planId];
    // grantCredits locks the account row first; the plan is then read and changed under that lock.
    await grantCredits(tx, {
      accountId: order.accountId,
      kind: "plan",
      amountCredits: order.credits,
      causeKey: `order:${order.id}`,
      orderId: order.id,
      description: `${plan.name} plan: ${formatCredits(order.credits)} included credits`,
      metadata: { cf_payment_id: payment.cfPaymentId, plan: planId },
    });
    // A prorated upgrade or a scheduled downgrade's renewal (lib/subscriptions/settle-plan-change.ts) has its own effect.
    const change = await settlePlanChange(tx, order, supplyAt);
    if (change) {
      invoiceDescription = change.invoiceDescription;
      flagReason = change.flagReason;
    } else {
      const [account] = await tx
        .select({ plan: accounts.plan, planExpiresAt: accounts.planExpiresAt })
        .from(accounts)
        .where(eq(accounts.id, order.accountId))
        .limit(1);
      const active = activePlanOf(account!, supplyAt);
      const effect = planPurchaseEffect(active, planId, supplyAt);
      if (effect.kind === "lower") {
        flagReason = `lower_plan_paid: paid for ${plan.name} while the ${effect.activePlan} plan is active; credits granted, plan unchanged`;
        invoiceDescription = `${plan.name} plan — ${formatCredits(order.credits)} included credits`;
      } else {
        const keepOpenEnded = effect.kind === "extend" && active.expiresAt === null;
        if (!keepOpenEnded) {
          await tx.update(accounts).set({ plan: planId, planExpiresAt: effect.periodEnd }).where(eq(accounts.id, order.accountId));
        }
        invoiceDescription = `${plan.name} plan — 1 month (${planPeriodLabel(effect.periodStart, effect.periodEnd)})`;
      }
    }
  }

  const paidRow = await update({
    status: "PAID",
    paidAt: supplyAt,
    cfPaymentId: payment.cfPaymentId,
    paidAmountPaise: order.amountPaise,
    ...paymentMethodColumns(payment),
    cfPayingOrderId: payingOrderIdOf(order, payment),
    ...(flagReason ? { flaggedForReview: true, reviewReason: withReason(order.reviewReason, flagReason) } : {}),
  });
  // Customer webhook, written in this transaction so it exists exactly when the payment is settled.
  const completed = paymentCompletedEvent(order, payment.cfPaymentId, profile);

  // The invoice is only prepared here: the batch numbers all of its invoices in its last statement, under the
  // financial year's counter lock, and that statement also writes payment.completed (docs/BENCHMARKS.md).
  const invoice = prepareInvoice({
    accountId: order.accountId,
    orderId: order.id,
    totalPaise: order.amountPaise,
    description: invoiceDescription,
    quantityCredits,
    issuedAt: supplyAt,
    profile,
    payment: invoicePayment(payment),
    alsoEnqueue: [completed],
  });
  if (!invoice.ok) {
    // No number will be taken (no billing profile, invalid data): paid anyway, flagged for an operator.
    log.error("paid order without an invoice; flagged", { orderId: order.id, reason: invoice.reason });
    const row = await update({ flaggedForReview: true, reviewReason: withReason(paidRow.reviewReason, invoice.reason) });
    await insertOutboxRow(tx, completed);
    return { result: { outcome: "paid", order: row, invoiceNumber: null }, invoice: null };
  }
  return { result: { outcome: "paid", order: paidRow, invoiceNumber: null }, invoice: invoice.invoice };
}
