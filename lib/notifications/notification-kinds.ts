import type { NotificationTemplates } from "@/lib/mail/notification-templates";

/**
 * Every kind of notification mail, what a user sees in Settings → Notifications, and whether it must go: invoices
 * (to the billing profile's email, a legal document) and security notices ignore preferences.
 */
export const NOTIFICATION_KINDS = {
  "invoice-issued": { label: "Invoice issued (to the billing email, with the PDF)", mustGo: true },
  "payment-failed": { label: "A payment failed", mustGo: false },
  "low-balance": { label: "Balance fell to the warning level", mustGo: false },
  "budget-near": { label: "80% of the monthly cap used", mustGo: false },
  "budget-reached": { label: "Monthly cap reached", mustGo: false },
  "plan-ending": { label: "Plan ends in 3 days", mustGo: false },
  "plan-ended": { label: "Plan ended", mustGo: false },
  // RBI's e-mandate rules: the pre-debit notice is owed before every debit, so it ignores preferences.
  "renewal-pre-debit": { label: "Plan renewal: pre-debit notice", mustGo: true },
  "renewal-payment-failed": { label: "Plan renewal: a payment failed (and when it is retried)", mustGo: false },
  "renewal-lapsed": { label: "Plan renewal: the last retry failed and the plan lapsed", mustGo: false },
  "auto-top-up-pre-debit": { label: "Auto top-up: pre-debit notice", mustGo: true },
  "refund-issued": { label: "Refund processed and credit note issued", mustGo: false },
  "dispute-opened": { label: "A payment was disputed", mustGo: false },
  "account-suspended": { label: "Account suspended (security)", mustGo: true },
  "payout-processed": { label: "Payout processed", mustGo: false },
  "payout-rejected": { label: "Payout rejected", mustGo: false },
} as const satisfies { [K in keyof NotificationTemplates]: { label: string; mustGo: boolean } };

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_IDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export const isNotificationKind = (value: string): value is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, value);
