import fs from "node:fs";
import path from "node:path";
import type { Action } from "../../lib/auth/policy";

/**
 * Every /api/v1 endpoint and the policy action that guards it. The authz test fails when a route file exists
 * that is not listed here, so the table grows with every new route.
 *
 * `path` may contain :params; `foreign` gives values that belong to the demo account (which another account's
 * owner must get a 404 for); `own` gives harmless values for the demo roles (nonexistent ids → 404 after authz).
 */
export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  action: Action | "public";
  /** A body that passes authorization but fails validation (so an allowed call changes nothing). */
  body?: unknown;
  /** Machine endpoints also accept API keys. */
  apiKey?: boolean;
  /** Resource ids in the path that belong to the demo account (resolved at run time). */
  foreignParam?: "memberUserId" | "invoiceNumber" | "orderId";
  /** A valid body for the foreign check, so the 404 comes from ownership, not validation. */
  foreignBody?: unknown;
  /** A query string sent with the call (e.g. one that fails validation, so a file route answers JSON). */
  query?: string;
}

export const ROUTES: RouteSpec[] = [
  // foundation
  { method: "GET", path: "/api/v1/account", action: "account:read" },
  { method: "POST", path: "/api/v1/accounts", action: "account:read", body: { name: "" } },
  { method: "POST", path: "/api/v1/account/switch", action: "account:switch", body: { account_id: "acc_nonexistent" } },
  // The demo identities' sessions are shared by every api spec: only ever sent an invalid body (400, nothing
  // ends). e2e/browser/sessions.spec.ts makes the real call with a user of its own.
  { method: "POST", path: "/api/v1/account/sessions/revoke", action: "sessions:revoke", body: { everywhere: "no such field" } },
  { method: "GET", path: "/api/v1/account/members", action: "team:read" },
  { method: "POST", path: "/api/v1/account/members", action: "team:manage", body: { email: "not-an-email", role: "member" } },
  { method: "PATCH", path: "/api/v1/account/members/:userId", action: "team:manage", body: { role: "nope" }, foreignParam: "memberUserId", foreignBody: { role: "admin" } },
  { method: "DELETE", path: "/api/v1/account/members/:userId", action: "team:manage", foreignParam: "memberUserId" },
  { method: "POST", path: "/api/v1/account/members/:userId/revoke-key", action: "team:manage", body: { unexpected: true } },
  { method: "DELETE", path: "/api/v1/account/invitations/:invitationId", action: "team:manage" },
  { method: "POST", path: "/api/v1/account/invitations/:invitationId/link", action: "team:manage" },
  // notifications (issue 18): one's own choices for the active account
  { method: "GET", path: "/api/v1/account/notification-preferences", action: "notifications:manage" },
  { method: "PUT", path: "/api/v1/account/notification-preferences", action: "notifications:manage", body: { preferences: { "no-such-kind": false } } },
  // billing core (seed 000)
  { method: "GET", path: "/api/v1/account/billing-profile", action: "billing_profile:read" },
  { method: "PUT", path: "/api/v1/account/billing-profile", action: "billing_profile:write", body: { legal_name: "" } },
  { method: "POST", path: "/api/v1/payments/create-order", action: "payments:create", body: { type: "credit_topup", credits: 0 } },
  { method: "POST", path: "/api/v1/payments/verify", action: "payments:verify", body: { order_id: "cm_0000000000000000" }, foreignParam: "orderId" },
  { method: "POST", path: "/api/v1/payments/retry", action: "payments:create", body: { order_id: "cm_0000000000000000" }, foreignParam: "orderId" },
  {
    method: "POST",
    path: "/api/v1/payments/pay",
    action: "payments:create",
    body: { order_id: "cm_0000000000000000", method: { type: "upi_collect", upi_id: "not-a-vpa" } },
    foreignParam: "orderId",
    // merged with the demo account's order id
    foreignBody: { method: { type: "upi_qr" } },
  },
  { method: "GET", path: "/api/v1/payments/history", action: "payments:read" },
  { method: "POST", path: "/api/v1/payments/webhook", action: "public", body: {} },
  // pay-ins (issue 15): payment transactions by API; another account's payment → 404 (lib/payins/pay-ins.int.test.ts)
  { method: "GET", path: "/api/v1/payments", action: "machine:payments_read", apiKey: true },
  { method: "POST", path: "/api/v1/payments", action: "payments:create_link", apiKey: true, body: { amount: 0, payer: { name: "" } } },
  { method: "GET", path: "/api/v1/payments/:payment_id", action: "machine:payments_read", apiKey: true, foreignParam: "orderId" },
  { method: "GET", path: "/api/v1/invoices", action: "invoices:read" },
  { method: "GET", path: "/api/v1/invoices/:invoice_number", action: "invoices:read", foreignParam: "invoiceNumber" },
  { method: "GET", path: "/api/v1/invoices/:invoice_number/pdf", action: "invoices:read", foreignParam: "invoiceNumber" },
  // credit notes (issue 13): read with the invoices' permission; another account's note → 404 (lib/credit-notes/credit-notes-read.int.test.ts)
  { method: "GET", path: "/api/v1/credit-notes", action: "invoices:read" },
  { method: "GET", path: "/api/v1/credit-notes/:credit_note_number", action: "invoices:read" },
  { method: "GET", path: "/api/v1/credit-notes/:credit_note_number/pdf", action: "invoices:read" },
  { method: "POST", path: "/api/v1/coupons/redeem", action: "coupons:redeem", body: { code: "" } },
  { method: "GET", path: "/api/v1/credits/budget", action: "budget:read" },
  { method: "PUT", path: "/api/v1/credits/budget", action: "budget:write", body: { monthly_limit: "lots" } },
  { method: "GET", path: "/api/v1/credits/alerts", action: "budget:read" },
  { method: "PUT", path: "/api/v1/credits/alerts", action: "budget:write", body: { low_balance_threshold: "low" } },
  // refunds (issue 13): owners/admins ask, operators decide; another account's order → 404 (lib/refunds/refunds.int.test.ts)
  { method: "POST", path: "/api/v1/refunds", action: "refunds:request", body: { order_id: "", credits: 0, reason: "" } },
  { method: "GET", path: "/api/v1/refunds", action: "payments:read" },
  { method: "GET", path: "/api/v1/admin/refunds", action: "operator:refunds" },
  { method: "POST", path: "/api/v1/admin/refunds", action: "operator:refunds", body: { order_id: "", credits: 0, reason: "" } },
  { method: "POST", path: "/api/v1/admin/refunds/:refund_id/approve", action: "operator:refunds" },
  { method: "POST", path: "/api/v1/admin/refunds/:refund_id/reject", action: "operator:refunds", body: { reason: "" } },
  // payouts (issue 15, seed 001): owners/admins and API keys ask, operators decide; another account's payout → 404 (lib/payouts/payout-routes.int.test.ts)
  { method: "POST", path: "/api/v1/payouts", action: "payouts:request", apiKey: true, body: { credits: 0 } },
  { method: "GET", path: "/api/v1/payouts", action: "payouts:read", apiKey: true },
  { method: "GET", path: "/api/v1/payouts/:payout_id", action: "payouts:read", apiKey: true },
  { method: "POST", path: "/api/v1/payouts/webhook", action: "public", body: {} },
  // plan renewal (issue 19): the owner starts a Cashfree Subscriptions mandate; Cashfree's subscription webhooks
  { method: "POST", path: "/api/v1/subscriptions", action: "subscriptions:manage", body: { plan: "platinum" } },
  { method: "GET", path: "/api/v1/auto-top-up", action: "auto_top_up:manage" },
  { method: "PUT", path: "/api/v1/auto-top-up", action: "auto_top_up:manage", body: { enabled: "yes" } },
  { method: "POST", path: "/api/v1/subscriptions/cancel", action: "subscriptions:manage", body: { unexpected: true } },
  // plan changes (issue 19): an invalid body, so an owner's allowed call changes nothing; the undo of nothing scheduled is a 404
  { method: "POST", path: "/api/v1/subscriptions/change", action: "subscriptions:manage", body: { plan: "platinum" } },
  { method: "DELETE", path: "/api/v1/subscriptions/change", action: "subscriptions:manage" },
  { method: "POST", path: "/api/v1/subscriptions/webhook", action: "public", body: {} },
  { method: "GET", path: "/api/v1/admin/payouts", action: "operator:payouts" },
  { method: "POST", path: "/api/v1/admin/payouts/:payout_id/approve", action: "operator:payouts" },
  { method: "POST", path: "/api/v1/admin/payouts/:payout_id/reject", action: "operator:payouts", body: { reason: "" } },
  // suspension (issue 15): invalid bodies only, so an operator's allowed call suspends nothing
  { method: "POST", path: "/api/v1/admin/accounts/:account_id/suspend", action: "operator:accounts", body: { reason: "" } },
  { method: "POST", path: "/api/v1/admin/accounts/:account_id/unsuspend", action: "operator:accounts", body: { note: 5 } },
  { method: "GET", path: "/api/v1/admin/coupons", action: "operator:coupons" },
  { method: "POST", path: "/api/v1/admin/coupons", action: "operator:coupons", body: { code: "" } },
  { method: "POST", path: "/api/v1/admin/coupons/:coupon_id/disable", action: "operator:coupons" },
  // operator console (issue 16): search, account page, flagged-order actions (invalid bodies: nothing settles or is dismissed), jobs summary
  { method: "GET", path: "/api/v1/admin/accounts", action: "operator:accounts" },
  { method: "GET", path: "/api/v1/admin/accounts/:account_id", action: "operator:accounts" },
  { method: "GET", path: "/api/v1/admin/orders", action: "operator:orders" },
  { method: "POST", path: "/api/v1/admin/orders/:order_id/settle", action: "operator:orders", body: { reason: "" } },
  { method: "POST", path: "/api/v1/admin/orders/:order_id/dismiss", action: "operator:orders", body: { reason: "" } },
  { method: "POST", path: "/api/v1/admin/jobs/:job_id/retry", action: "operator:jobs" },
  { method: "GET", path: "/api/v1/admin/jobs/summary", action: "operator:jobs" },
  { method: "GET", path: "/api/v1/admin/reconciliation/runs", action: "operator:reconciliation" },
  { method: "POST", path: "/api/v1/admin/reconciliation/runs", action: "operator:reconciliation", body: { from: "yesterday" } },
  { method: "GET", path: "/api/v1/admin/reconciliation/runs/:run_id/mismatches.csv", action: "operator:reconciliation" },
  { method: "GET", path: "/api/v1/offline-payments", action: "operator:offline_payments" },
  { method: "GET", path: "/api/v1/offline-payments/accounts", action: "operator:offline_payments" },
  { method: "POST", path: "/api/v1/offline-payments", action: "operator:offline_payments", body: { amount_paise: 1 } },
  { method: "POST", path: "/api/v1/offline-payments/:payment_id/cancel-request", action: "operator:offline_payments", body: { reason: "" } },
  { method: "POST", path: "/api/v1/offline-payments/:payment_id/cancel-decision", action: "operator:offline_payments", body: { decision: "maybe" } },
  { method: "GET", path: "/api/v1/offline-payments/:payment_id/receipt", action: "payments:read" },
  { method: "GET", path: "/api/v1/admin/disputes", action: "operator:disputes" },
  { method: "POST", path: "/api/v1/admin/disputes/:dispute_id/accept", action: "operator:disputes" },
  { method: "POST", path: "/api/v1/admin/disputes/:dispute_id/contest", action: "operator:disputes", body: { text: "" } },
  { method: "GET", path: "/api/v1/disputes", action: "payments:read" },
  // adjustments and the audit log (issue 16): invalid bodies / nonexistent ids only
  { method: "GET", path: "/api/v1/admin/adjustments", action: "operator:adjustments" },
  { method: "POST", path: "/api/v1/admin/adjustments", action: "operator:adjustments", body: { credits: 0 } },
  { method: "POST", path: "/api/v1/admin/adjustments/:adjustment_id/approve", action: "operator:adjustments" },
  { method: "POST", path: "/api/v1/admin/adjustments/:adjustment_id/reject", action: "operator:adjustments", body: { reason: "" } },
  { method: "GET", path: "/api/v1/admin/audit-log.csv", action: "operator:audit" },
  // books (issue 17)
  { method: "GET", path: "/api/v1/credits/ledger", action: "credits:statement", apiKey: true },
  { method: "GET", path: "/api/v1/credits/statement", action: "credits:statement", apiKey: true, query: "?from=not-a-date" },
  { method: "GET", path: "/api/v1/exports/:kind", action: "exports:read", apiKey: true },
  { method: "GET", path: "/api/v1/admin/gstr1", action: "operator:gst_returns", query: "?period=not-a-period" },
  { method: "GET", path: "/api/v1/audit-log", action: "audit_log:read" },
  // machine access
  { method: "GET", path: "/api/v1/api-keys", action: "api_keys:manage" },
  { method: "POST", path: "/api/v1/api-keys", action: "api_keys:manage", body: { name: "" } },
  { method: "POST", path: "/api/v1/api-keys/:key_id/revoke", action: "api_keys:manage" },
  { method: "POST", path: "/api/v1/api-keys/:key_id/regenerate", action: "api_keys:manage" },
  // personal keys (issue 15): each member's own; e2e/browser/personal-keys.spec.ts makes the real calls
  { method: "GET", path: "/api/v1/api-keys/personal", action: "api_keys:personal" },
  { method: "POST", path: "/api/v1/api-keys/personal", action: "api_keys:personal", body: { unexpected: true } },
  { method: "POST", path: "/api/v1/api-keys/personal/regenerate", action: "api_keys:personal", body: { unexpected: true } },
  { method: "POST", path: "/api/v1/api-keys/personal/revoke", action: "api_keys:personal", body: { unexpected: true } },
  { method: "GET", path: "/api/v1/balance", action: "machine:balance", apiKey: true },
  { method: "GET", path: "/api/v1/profile", action: "machine:profile", apiKey: true },
  { method: "POST", path: "/api/v1/usage", action: "machine:usage_write", apiKey: true, body: { event_id: "", credits: 0 } },
  { method: "GET", path: "/api/v1/usage", action: "machine:usage_read", apiKey: true },
  { method: "POST", path: "/api/v1/usage/batch", action: "machine:usage_write", apiKey: true, body: { events: [] } },
  { method: "GET", path: "/api/v1/webhook-endpoints", action: "webhooks:manage" },
  { method: "POST", path: "/api/v1/webhook-endpoints", action: "webhooks:manage", body: { url: "ftp://nope" } },
  { method: "DELETE", path: "/api/v1/webhook-endpoints/:id", action: "webhooks:manage" },
  { method: "POST", path: "/api/v1/webhook-endpoints/:id/rotate-secret", action: "webhooks:manage", body: { overlap_hours: -1 } },
  { method: "POST", path: "/api/v1/webhook-endpoints/:id/test", action: "webhooks:manage", body: { unexpected: true } },
  { method: "GET", path: "/api/v1/webhook-endpoints/:id/deliveries", action: "webhooks:manage" },
  { method: "POST", path: "/api/v1/webhook-deliveries/:id/resend", action: "webhooks:manage" },
];

/** All METHOD /path pairs that exist as route files under app/api/v1 (excluding the JSON 404 catch-all). */
export function discoverRoutes(root = path.join(process.cwd(), "app", "api", "v1")): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const rel = path.relative(root, dir).split(path.sep);
        if (rel[0] === "[...path]") continue;
        const urlPath = `/api/v1/${rel.map((seg) => seg.replace(/^\[(.+)\]$/, ":$1")).join("/")}`.replace(/\/$/, "");
        const source = fs.readFileSync(full, "utf8");
        for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push(`${m[1]} ${urlPath}`);
        }
        // `export const { PUT, … } = methodsNotAllowed(…)` refuses methods: not endpoints.
        for (const m of source.matchAll(/export\s+const\s+\{([^}]+)\}\s*=(?!\s*methodsNotAllowed\b)/g)) {
          for (const name of m[1]!.split(",").map((s) => s.trim())) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) found.push(`${name} ${urlPath}`);
        }
      }
    }
  };
  walk(root);
  return found.sort();
}

/** Normalises `:anything` so the table's param names need not match the folder names. */
export const routeKey = (method: string, p: string) => `${method} ${p.replace(/:[^/]+/g, ":param")}`;
