/**
 * The one permission policy. Pages, server actions and the API wrapper all ask `can()`; nothing else decides
 * who may do what.
 *
 * Seed 001's tiers (docs/ACCOUNTS.md): owner = full access (every endpoint, any user and role, all financial data);
 * admin = manager (payment endpoints, team history, manage the members below them); member = API user (balance,
 * profile, own history and reports, submit pay-in / payout requests).
 *
 * Credentials: a session acts with the member's role. A service key (`apiKey: true`) is the account's own machine
 * credential and reaches only the machine endpoints. A personal key (`personalKey: true`) is one member's key: it
 * reaches the actions so marked, and then ONLY with that member's role (`roles`), so a member's key can never do
 * what a member cannot. Operator actions are never reachable with a key of either kind.
 */
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ["owner", "admin"];

export interface Rule {
  roles: readonly Role[];
  /** Whether an account's service key may perform the action. */
  apiKey: boolean;
  /** Whether a member's personal key may perform the action (with that member's role, checked against `roles`). */
  personalKey?: boolean;
  /** Platform operators only (a flag on the user), regardless of account role. */
  operator?: boolean;
}

export const POLICY = {
  "account:read": { roles: ALL, apiKey: false },
  /** Make another of one's accounts the active one (allowed while the current one is suspended: it is the way out). */
  "account:switch": { roles: ALL, apiKey: false },
  /** End every session of one's own user ("sign out everywhere"). */
  "sessions:revoke": { roles: ALL, apiKey: false },
  /** Choose which notification mails of the account one receives (one's own preferences). */
  "notifications:manage": { roles: ALL, apiKey: false },
  "team:read": { roles: ALL, apiKey: false },
  "team:manage": { roles: MANAGERS, apiKey: false },
  "billing_profile:read": { roles: ALL, apiKey: false },
  "billing_profile:write": { roles: MANAGERS, apiKey: false },
  "payments:create": { roles: MANAGERS, apiKey: false },
  "payments:verify": { roles: ALL, apiKey: false },
  "payments:read": { roles: ALL, apiKey: false },
  /** Create a pay-in: a credit top-up someone else pays through a Cashfree payment link (POST /api/v1/payments). Seed 001: API users submit pay-in requests too. */
  "payments:create_link": { roles: ALL, apiKey: true, personalKey: true },
  /** Read payment transactions by API (GET /api/v1/payments, /payments/:id): sessions of every role and account keys. */
  "machine:payments_read": { roles: ALL, apiKey: true, personalKey: true },
  "invoices:read": { roles: ALL, apiKey: false },
  /** Ask for a refund of unused credits from a paid top-up (an operator decides). */
  "refunds:request": { roles: MANAGERS, apiKey: false },
  "coupons:redeem": { roles: MANAGERS, apiKey: false },
  /** Authorise (and cancel) the plan-renewal mandate on Cashfree Subscriptions: it lets Khata debit the owner's instrument. */
  "subscriptions:manage": { roles: ["owner"], apiKey: false },
  /** Switch auto top-up on or off and set its threshold, amount and monthly ceiling (charges the mandate). */
  "auto_top_up:manage": { roles: MANAGERS, apiKey: false },
  /** Withdraw unused prepaid credits to a bank account (seed 001 `POST /payouts`; an operator decides). API users may submit. */
  "payouts:request": { roles: ALL, apiKey: true, personalKey: true },
  /** The account's payouts (seed 001 `GET /payouts?status=`). */
  "payouts:read": { roles: ALL, apiKey: true, personalKey: true },
  "budget:read": { roles: ALL, apiKey: false, personalKey: true },
  "budget:write": { roles: MANAGERS, apiKey: false, personalKey: true },
  /** The account's service keys (create, list, regenerate, revoke). Not with a key: a leaked key cannot mint keys. */
  "api_keys:manage": { roles: MANAGERS, apiKey: false },
  /** One's own personal key for the active account (create, see, regenerate, revoke), whatever the role. */
  "api_keys:personal": { roles: ALL, apiKey: false },
  "webhooks:manage": { roles: MANAGERS, apiKey: false },
  /** The credit statement (every ledger entry, running balance, monthly balances) and its PDF; account keys too. */
  "credits:statement": { roles: ALL, apiKey: true, personalKey: true },
  /** CSV/XLSX exports of payments, invoices, credit notes, the ledger and usage (the account's books). */
  "exports:read": { roles: MANAGERS, apiKey: true, personalKey: true },
  "machine:balance": { roles: ALL, apiKey: true, personalKey: true },
  "machine:profile": { roles: ALL, apiKey: true, personalKey: true },
  "machine:usage_write": { roles: [], apiKey: true },
  "machine:usage_read": { roles: ALL, apiKey: true, personalKey: true },
  "operator:coupons": { roles: [], apiKey: false, operator: true },
  "operator:orders": { roles: [], apiKey: false, operator: true },
  /** List disputes across accounts, accept them or contest them with evidence (/operator/disputes). */
  "operator:disputes": { roles: [], apiKey: false, operator: true },
  /** Approve, reject and start refunds (operators record who and when). */
  "operator:refunds": { roles: [], apiKey: false, operator: true },
  /** Approve (two different operators above PAYOUT_SECOND_APPROVAL_ABOVE_PAISE) or reject payouts (/operator/payouts). */
  "operator:payouts": { roles: [], apiKey: false, operator: true },
  /** See failed background jobs and retry them (/operator/jobs). */
  "operator:jobs": { roles: [], apiKey: false, operator: true },
  /** Reconcile Khata against Cashfree's settlements and read the mismatches (/operator/reconciliation). */
  "operator:reconciliation": { roles: [], apiKey: false, operator: true },
  /** The supplier's GST returns data: GSTR-1 of a month or quarter as the offline tool's JSON or CSV (/operator/gstr1). */
  "operator:gst_returns": { roles: [], apiKey: false, operator: true },
  /** Record payments received outside Cashfree (cheque, NEFT, cash…) and request/decide their cancellation. */
  "operator:offline_payments": { roles: [], apiKey: false, operator: true },
  /** Suspend an account with a reason, and lift it (who and when are recorded). */
  "operator:accounts": { roles: [], apiKey: false, operator: true },
  /** Propose credit adjustments and approve/reject another operator's (maker ≠ checker; lib/adjustments). */
  "operator:adjustments": { roles: [], apiKey: false, operator: true },
  /** Read and export the audit log of every account (/operator/audit). */
  "operator:audit": { roles: [], apiKey: false, operator: true },
  /** An account's own audit entries (owners only: who changed what in their account). */
  "audit_log:read": { roles: ["owner"], apiKey: false },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

export type Principal =
  | { kind: "member"; role: Role; isOperator: boolean }
  /** An account's service key. */
  | { kind: "api_key" }
  /** A member's personal key: the member's current role in the key's account, never the operator flag. */
  | { kind: "personal_key"; role: Role }
  | { kind: "operator_without_account"; isOperator: boolean };

/**
 * What a suspended account's sessions and keys may still do (seed 001 / issue 15): read their invoices, payments and
 * balance; switch to another account and sign out everywhere. Operator actions are not the account's (an operator who is a member of it keeps them).
 */
const ALLOWED_WHILE_SUSPENDED: ReadonlySet<Action> = new Set<Action>([
  "invoices:read",
  "payments:read",
  "machine:payments_read",
  "machine:balance",
  // Reading one's own books: where the credits went, and the records an accountant closes the year with.
  "credits:statement",
  "exports:read",
  // The user's own affairs, not the account's: leaving for another account, signing out everywhere.
  "account:switch",
  "sessions:revoke",
  "notifications:manage",
]);

export function allowedWhileSuspended(action: Action): boolean {
  const rule: Rule = POLICY[action];
  return ALLOWED_WHILE_SUSPENDED.has(action) || rule.operator === true;
}

export function can(principal: Principal, action: Action): boolean {
  const rule: Rule = POLICY[action];
  if (principal.kind === "api_key") return !rule.operator && rule.apiKey;
  if (principal.kind === "personal_key") return !rule.operator && rule.personalKey === true && rule.roles.includes(principal.role);
  if (rule.operator) return principal.isOperator;
  if (principal.kind === "operator_without_account") return false;
  return rule.roles.includes(principal.role);
}

/** Whether personal keys reach the action at all (then the member's role decides); else `api_key_not_allowed`. */
export function personalKeysReach(action: Action): boolean {
  const rule: Rule = POLICY[action];
  return !rule.operator && rule.personalKey === true;
}

/** Whether a key of either kind could perform the action (what a `session_or_api_key` route needs). */
export function keysMay(action: Action): boolean {
  const rule: Rule = POLICY[action];
  return !rule.operator && (rule.apiKey || rule.personalKey === true);
}

/**
 * Who may give or take which role. Owners (full access) manage any user and role; admins (managers) manage the
 * API users below them: they invite, re-role and remove members only, and give no role but member.
 */
export function canAssignRole(actorRole: Role, fromRole: Role | null, toRole: Role | null): boolean {
  if (actorRole === "member") return false;
  if (actorRole === "owner") return true;
  return (fromRole === null || fromRole === "member") && (toRole === null || toRole === "member");
}

/**
 * Who may accept an invitation: only the person who proved they read the invited address. Holding the link
 * is not enough (links get forwarded), and an unverified sign-up with that address is not either.
 */
export function invitationAcceptance(
  user: { email: string; emailVerifiedAt: Date | null },
  invitedEmail: string,
): "allowed" | "unverified" | "wrong_email" {
  if (user.email.toLowerCase() !== invitedEmail.toLowerCase()) return "wrong_email";
  return user.emailVerifiedAt ? "allowed" : "unverified";
}
