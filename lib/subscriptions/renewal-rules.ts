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

const DAY_MS = 24 * HOUR_MS;

/**
 * Dunning: after a cycle's charge fails, it is retried this long after the FIRST failure, each retry a new
 * Cashfree charge (attempt 2, 3, 4) with its own payment_id and its own pre-debit notice at least 24 h before it
 * (a retry's time moves later when its notice could not go out in time). Every retry must fall inside the grace
 * period; the plan stays active until then. The last retry failing lapses the plan to Free.
 */
export const DUNNING_RETRY_SCHEDULE_MS = [1 * DAY_MS, 3 * DAY_MS, 5 * DAY_MS] as const;
/** How long after the unpaid period's end the plan stays active while retries run. */
export const DUNNING_GRACE_MS = 7 * DAY_MS;

/** Attempt numbers: 1 is the cycle's own charge; retries are 2..(1 + schedule length). */
export const LAST_ATTEMPT = 1 + DUNNING_RETRY_SCHEDULE_MS.length;

export const graceEndsAt = (periodEnd: Date): Date => new Date(periodEnd.getTime() + DUNNING_GRACE_MS);

/**
 * The next retry after attempt `failedAttempt` failed, noticed at `noticeAt`: its attempt number and charge time,
 * or null when there is none (the schedule is exhausted, or the retry could not be charged within the grace).
 */
export function nextRetry(input: { firstFailedAt: Date; failedAttempt: number; noticeAt: Date; graceEndsAt: Date }): { attempt: number; chargeAt: Date } | null {
  const offset = DUNNING_RETRY_SCHEDULE_MS[input.failedAttempt - 1];
  if (offset === undefined) return null;
  const chargeAt = chargeTimeAfterNotice(new Date(input.firstFailedAt.getTime() + offset), input.noticeAt);
  if (chargeAt.getTime() >= input.graceEndsAt.getTime()) return null;
  return { attempt: input.failedAttempt + 1, chargeAt };
}

/** A retry's payment_id: derived from (account, cycle, attempt), so every worker raises the same one. */
export const retryPaymentId = (accountId: string, cycleKey: string, attempt: number) =>
  `rn_${createHash("sha256").update(`${accountId}:${cycleKey}:attempt-${attempt}`).digest("hex").slice(0, 16)}`;
