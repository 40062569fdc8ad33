/** Every event Khata pushes to customers' endpoints. */
export const WEBHOOK_EVENT_TYPES = [
  "payment.completed",
  "payment.failed",
  "invoice.created",
  "credits.low",
  "budget.exceeded",
  "user.created",
  "user.suspended",
  "payout.processed",
  "payout.rejected",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
