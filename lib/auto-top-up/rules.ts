import { createHash } from "node:crypto";

/** A declined auto top-up is tried again by the sweep no sooner than this (no retry storm on a failing mandate). */
export const DECLINE_COOLDOWN_MS = 24 * 60 * 60 * 1000;
/**
 * A mandate debit needs a pre-debit notice at least 24 h before it (RBI's e-mandate framework; NPCI's UPI AutoPay
 * rules): an auto top-up is announced when it is decided (mail, and Cashfree's own notification when the charge is
 * raised) and scheduled for this long after, so its credits arrive a day after the balance crossed the threshold.
 */
export const AUTO_TOP_UP_DEBIT_AFTER_MS = 24 * 60 * 60 * 1000 + 5 * 60 * 1000;
/** The debit time of a charge decided at `decidedAt` (the same on every raise of it). */
export const autoTopUpChargeAt = (decidedAt: Date) => new Date(decidedAt.getTime() + AUTO_TOP_UP_DEBIT_AFTER_MS);
/** A pending charge that never reached Cashfree (worker crashed before its answer) is raised again after this. */
export const RAISE_LEASE_MS = 15 * 60 * 1000;

/** Cashfree's payment_id (its idempotency key on /subscriptions/pay) for a charge: every retry computes the same. */
export const autoTopUpPaymentId = (chargeId: string) => `at_${createHash("sha256").update(chargeId).digest("hex").slice(0, 20)}`;
export const autoTopUpOrderId = (chargeId: string) => `cm_${createHash("sha256").update(`order:${chargeId}`).digest("hex").slice(0, 16)}`;

/** The job key the usage function and the sweep share: at most one auto-top-up job waiting per account. */
export const autoTopUpJobKey = (accountId: string) => `auto-top-up:${accountId}`;
