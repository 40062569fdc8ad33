import { createHash } from "node:crypto";
import { formatIstDate, istDateString } from "@/lib/money/ist";

const HOUR_MS = 60 * 60 * 1000;

/** The renewal is charged this long before the paid period ends, so a success extends the plan without a gap. */
export const CHARGE_BEFORE_PERIOD_END_MS = 24 * HOUR_MS;
/** The pre-debit notice goes out this long before the charge: RBI's e-mandate rules ask for at least 24 hours. */
export const PRE_DEBIT_NOTICE_LEAD_MS = 48 * HOUR_MS;
export const MIN_PRE_DEBIT_NOTICE_MS = 24 * HOUR_MS;
/** A charge claimed by a worker that never heard back from Cashfree is raised again (same payment_id) after this. */
export const RAISE_LEASE_MS = 15 * 60 * 1000;

/** When a period ending at `periodEnd` is charged. */
export const nextChargeAt = (periodEnd: Date): Date => new Date(periodEnd.getTime() - CHARGE_BEFORE_PERIOD_END_MS);

/** The charge time of a notice sent at `noticeAt`: as planned, but never less than 24 h after the notice. */
export function chargeTimeAfterNotice(planned: Date, noticeAt: Date): Date {
  return new Date(Math.max(planned.getTime(), noticeAt.getTime() + MIN_PRE_DEBIT_NOTICE_MS));
}

/** One renewal cycle of an account: the IST date its period ends (`2027-01-05`). */
export function cycleKeyOf(periodEnd: Date): string {
  return istDateString(periodEnd);
}

const digest = (accountId: string, cycleKey: string) => createHash("sha256").update(`${accountId}:${cycleKey}`).digest("hex").slice(0, 16);

/**
 * The charge's ids, derived from (account, cycle) alone: every worker, every retry, computes the same payment_id
 * (Cashfree's idempotency key on /subscriptions/pay) and the same plan order id (the ledger's cause `order:<id>`).
 */
export const renewalPaymentId = (accountId: string, cycleKey: string) => `rn_${digest(accountId, cycleKey)}`;
export const renewalOrderId = (accountId: string, cycleKey: string) => `cm_${digest(accountId, cycleKey)}`;

export const describeCycle = (periodEnd: Date) => `renewal from ${formatIstDate(periodEnd)}`;

/**
 * RBI's e-mandate framework: a recurring debit on a card or UPI mandate above ₹15,000 needs the payer's additional
 * factor of authentication (AFA) each time, so it cannot renew unattended. eNACH / physical NACH mandates carry no
 * such per-debit limit, so a plan whose renewal is above it is offered those only.
 */
export const AFA_FREE_LIMIT_PAISE = 1_500_000n;
export function mandatePaymentMethods(chargePaise: bigint): string[] | undefined {
  return chargePaise > AFA_FREE_LIMIT_PAISE ? ["enach", "pnach"] : undefined;
}
