/**
 * Every action the audit log records, `<thing>.<verb>`. The route registry (audited-routes.ts) maps each write
 * route to the ones it writes; domain code passes one of these to recordAudit.
 */
export const AUDIT_ACTIONS = [
  "adjustment.propose",
  "adjustment.apply",
  "adjustment.reject",
  "refund.request",
  "refund.create",
  "refund.approve",
  "refund.reject",
  "dispute.accept",
  "dispute.contest",
  "offline_payment.record",
  "offline_payment.cancel_request",
  "offline_payment.cancel_approve",
  "offline_payment.cancel_reject",
  "coupon.create",
  "coupon.disable",
  "coupon.redeem",
  "budget.set",
  "low_balance_threshold.set",
  "billing_profile.update",
  "team.invite",
  "team.invitation_reissue",
  "team.invitation_revoke",
  "team.member_remove",
  "team.role_change",
  "api_key.create",
  "api_key.regenerate",
  "api_key.revoke",
  "webhook_endpoint.create",
  "webhook_endpoint.delete",
  "webhook_endpoint.rotate_secret",
  "account.create",
  "account.suspend",
  "account.unsuspend",
  "sessions.revoke",
  "password.change",
  "password.reset",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
