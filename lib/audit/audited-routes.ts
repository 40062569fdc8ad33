import type { AuditAction } from "./audit-actions";

/**
 * Every write route of /api/v1 (POST/PUT/PATCH/DELETE) and the audit action(s) one successful call writes, exactly
 * one entry, in the change's own transaction. audited-routes.test.ts walks the route files and fails for a write
 * route in neither table; audited-routes.int.test.ts calls each one and checks its entry.
 */
export const AUDITED_ROUTES: Record<string, readonly AuditAction[]> = {
  "POST /api/v1/accounts": ["account.create"],
  "PUT /api/v1/account/billing-profile": ["billing_profile.update"],
  "POST /api/v1/account/members": ["team.invite"],
  "PATCH /api/v1/account/members/:userId": ["team.role_change"],
  "DELETE /api/v1/account/members/:userId": ["team.member_remove"],
  "DELETE /api/v1/account/invitations/:invitationId": ["team.invitation_revoke"],
  "POST /api/v1/account/invitations/:invitationId/link": ["team.invitation_reissue"],
  "POST /api/v1/account/sessions/revoke": ["sessions.revoke"],
  "POST /api/v1/account/members/:userId/revoke-key": ["team.member_key_revoke"],
  "POST /api/v1/admin/accounts/:account_id/suspend": ["account.suspend"],
  "POST /api/v1/admin/accounts/:account_id/unsuspend": ["account.unsuspend"],
  "POST /api/v1/admin/adjustments": ["adjustment.propose"],
  "POST /api/v1/admin/adjustments/:adjustment_id/approve": ["adjustment.apply"],
  "POST /api/v1/admin/adjustments/:adjustment_id/reject": ["adjustment.reject"],
  "POST /api/v1/admin/coupons": ["coupon.create"],
  "POST /api/v1/admin/coupons/:coupon_id/disable": ["coupon.disable"],
  "POST /api/v1/admin/disputes/:dispute_id/accept": ["dispute.accept"],
  "POST /api/v1/admin/disputes/:dispute_id/contest": ["dispute.contest"],
  "POST /api/v1/admin/jobs/:job_id/retry": ["job.retry"],
  "POST /api/v1/admin/orders/:order_id/dismiss": ["order.dismiss_flag"],
  "POST /api/v1/admin/orders/:order_id/settle": ["order.settle_flagged"],
  "POST /api/v1/admin/payouts/:payout_id/approve": ["payout.approve"],
  "POST /api/v1/admin/payouts/:payout_id/reject": ["payout.reject"],
  "POST /api/v1/admin/refunds": ["refund.create"],
  "POST /api/v1/admin/refunds/:refund_id/approve": ["refund.approve"],
  "POST /api/v1/admin/refunds/:refund_id/reject": ["refund.reject"],
  "POST /api/v1/api-keys": ["api_key.create"],
  "POST /api/v1/api-keys/:key_id/regenerate": ["api_key.regenerate"],
  "POST /api/v1/api-keys/:key_id/revoke": ["api_key.revoke"],
  "POST /api/v1/api-keys/personal": ["api_key.personal_create"],
  "POST /api/v1/api-keys/personal/regenerate": ["api_key.personal_regenerate"],
  "POST /api/v1/api-keys/personal/revoke": ["api_key.personal_revoke"],
  "POST /api/v1/coupons/redeem": ["coupon.redeem"],
  "PUT /api/v1/auto-top-up": ["auto_top_up.set"],
  "PUT /api/v1/credits/alerts": ["low_balance_threshold.set"],
  "PUT /api/v1/credits/budget": ["budget.set"],
  "POST /api/v1/offline-payments": ["offline_payment.record"],
  "POST /api/v1/offline-payments/:payment_id/cancel-request": ["offline_payment.cancel_request"],
  "POST /api/v1/offline-payments/:payment_id/cancel-decision": ["offline_payment.cancel_approve", "offline_payment.cancel_reject"],
  "POST /api/v1/payouts": ["payout.request"],
  "POST /api/v1/refunds": ["refund.request"],
  "POST /api/v1/subscriptions": ["subscription.start"],
  "POST /api/v1/subscriptions/cancel": ["subscription.cancel"],
  "POST /api/v1/subscriptions/change": ["subscription.change_plan"],
  "DELETE /api/v1/subscriptions/change": ["subscription.undo_change"],
  "POST /api/v1/webhook-endpoints": ["webhook_endpoint.create"],
  "DELETE /api/v1/webhook-endpoints/:id": ["webhook_endpoint.delete"],
  "POST /api/v1/webhook-endpoints/:id/rotate-secret": ["webhook_endpoint.rotate_secret"],
};

/** Write routes that write no audit entry, and why: none of them changes money, access or configuration by a person. */
export const AUDIT_EXEMPT_ROUTES: Record<string, string> = {
  "POST /api/v1/payments/webhook": "Cashfree's signed webhook: settlement is the system applying Cashfree's word (order, ledger, invoice rows record it); no person acts.",
  "POST /api/v1/subscriptions/webhook": "Cashfree's signed subscription webhook: the system applying Cashfree's word (mandate status; renewals settle as plan orders: order, ledger, invoice rows record them); no person acts.",
  "POST /api/v1/payouts/webhook":
    "Cashfree Payouts' signed webhook: the system applying Cashfree's word. The payout outcomes it causes (payout.processed / payout.failed / payout.reversed) are recorded as system entries inside applyTransferStatus, whichever path reports them (webhook, transfer job, poll).",
  "POST /api/v1/payments": "creates a pending pay-in (a Cashfree payment link order), as create-order: no money or credit moves until the payer pays and Cashfree confirms it (settlement, above).",
  "POST /api/v1/usage": "usage metering: every call is already a ledger entry with its event id and API key; an audit row per call would double the hot path.",
  "POST /api/v1/usage/batch": "usage metering, as POST /api/v1/usage.",
  "POST /api/v1/payments/create-order": "creates a pending Cashfree order; no money or credit moves until Cashfree confirms the payment (settlement, above).",
  "POST /api/v1/payments/retry": "a new pending order for an unpaid one, as create-order.",
  "POST /api/v1/payments/pay": "starts a payment attempt (Order Pay: UPI QR, collect, intent, netbanking) on a pending order; no money or credit moves until Cashfree confirms it (settlement, above).",
  "POST /api/v1/payments/verify": "asks Cashfree for an order's status and settles it as the webhook would: the system applying Cashfree's word.",
  "POST /api/v1/account/switch": "changes which of one's own accounts the browser shows (a cookie); nothing in any account changes.",
  "POST /api/v1/admin/reconciliation/runs": "starts a read-only comparison with Cashfree's settlement report; it changes no money, access or configuration.",
  "POST /api/v1/webhook-deliveries/:id/resend": "re-sends an already recorded event to the account's own endpoint; nothing changes.",
  "POST /api/v1/webhook-endpoints/:id/test": "sends a sample event to the account's own endpoint (a delivery row records it); nothing in the account changes.",
  "PUT /api/v1/account/notification-preferences": "one user's own choice of which mails they receive, not the account's money, access or configuration; the must-go mails (invoices, security) cannot be switched off.",
};

/** `METHOD /api/v1/a/:x` with the folder's param names, as e2e/api/route-table.ts discoverRoutes() names routes. */
export const isWriteRoute = (route: string) => /^(POST|PUT|PATCH|DELETE) /.test(route);
