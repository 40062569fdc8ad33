/** Every task the runner knows; a job names one of these. */
export const JOB_NAMES = ["fan-out-webhook-event", "fan-out-webhook-events", "deliver-webhook", "enqueue-pending-fan-outs", "purge-rate-limit-buckets", "purge-idempotency-keys", "send-email", "purge-expired-sessions", "issue-password-reset", "render-invoice-pdf", "render-invoice-pdfs", "render-credit-note-pdf", "render-receipt-pdf", "settle-webhook-events", "settle-pending-webhook-events", "sweep-active-orders", "run-reconciliation", "create-cashfree-refund", "poll-refund", "issue-refund-credit-note", "send-payout-transfer", "poll-payout", "issue-payout-credit-notes", "sweep-notifications", "run-renewals", "apply-subscription-webhook", "run-dunning", "auto-top-up", "sweep-auto-top-ups"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobPayloads {
  "fan-out-webhook-event": { eventId: string };
  /** A settlement batch's outbox events, fanned out in one transaction (per-event jobs where that fails). */
  "fan-out-webhook-events": { eventIds: string[] };
  "deliver-webhook": { deliveryId: string; attempt: number };
  "enqueue-pending-fan-outs": Record<string, unknown>;
  "purge-rate-limit-buckets": Record<string, unknown>;
  "purge-idempotency-keys": Record<string, unknown>;
  "send-email": { emailId: string };
  "purge-expired-sessions": Record<string, unknown>;
  /** A "forgot password" request: the job, not the request, finds out whether the email has an account. */
  "issue-password-reset": { email: string };
  "render-invoice-pdf": { invoiceId: string };
  /** A settlement batch's invoices, rendered one after another (a per-invoice job for one that fails). */
  "render-invoice-pdfs": { invoiceIds: string[] };
  "render-credit-note-pdf": { creditNoteId: string };
  /** An offline payment's receipt (lib/offline-payments/ensure-receipt-rendering.ts). */
  "render-receipt-pdf": { offlinePaymentId: string };
  /** Settles a recorded Cashfree event (webhook_events.id), in a batch with other unsettled ones; with a lane, then drains the backlog. */
  "settle-webhook-events": { eventId: string; lane?: number };
  "settle-pending-webhook-events": Record<string, unknown>;
  /** Asks Cashfree about orders still open minutes after checkout began (a lost webhook). */
  "sweep-active-orders": Record<string, unknown>;
  /** One reconciliation run (an operator's), or, without a run id, the daily cron's day (the last whose settlements are all in). */
  "run-reconciliation": { runId?: string };
  /** Creates an approved refund in Cashfree (refund_id = Khata's id, idempotency key from it). */
  "create-cashfree-refund": { refundId: string };
  /** Asks Cashfree about a pending refund; again later (backoff) until it is final. */
  "poll-refund": { refundId: string; attempt: number };
  /** Issues a succeeded refund's credit note in a transaction of its own. */
  "issue-refund-credit-note": { refundId: string };
  /** Pays an approved payout through Cashfree Payouts (transfer_id = Khata's payout id). */
  "send-payout-transfer": { payoutId: string };
  /** Asks Cashfree Payouts about a transfer still processing; again later (backoff) until it is final. */
  "poll-payout": { payoutId: string; attempt: number };
  /** Issues a processed payout's credit notes, one per order, each in a transaction of its own. */
  "issue-payout-credit-notes": { payoutId: string };
  /** Cron: budget 80%/reached and plan ending/ended mails (lib/notifications/sweep-notifications.ts). */
  "sweep-notifications": Record<string, unknown>;
  /** Cron: plan renewals on Cashfree Subscriptions — pre-debit notices, then due charges (lib/subscriptions/run-renewals.ts). */
  "run-renewals": Record<string, unknown>;
  /** Applies a recorded Cashfree subscription webhook (subscription_webhook_events.id; lib/subscriptions/subscription-inbox.ts). */
  "apply-subscription-webhook": { eventId: string };
  /** Cron: renewal dunning — retries of failed renewal charges, grace, lapse; and the subscription inbox's sweep (lib/subscriptions/run-dunning.ts). */
  "run-dunning": Record<string, unknown>;
  /** One account's auto top-up: at most one charge on its mandate (lib/auto-top-up/run-auto-top-up.ts). */
  "auto-top-up": { accountId: string };
  /** Cron: the auto top-up safety net (lib/auto-top-up/sweep-auto-top-ups.ts). */
  "sweep-auto-top-ups": Record<string, unknown>;
}
