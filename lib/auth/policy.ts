/**
 * The one permission policy. Pages, server actions and the API wrapper all ask `can()`; nothing else decides
 * who may do what. `apiKey: true` marks the machine endpoints that accept an account's API key.
 */
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const MANAGERS: readonly Role[] = ["owner", "admin"];

export interface Rule {
  roles: readonly Role[];
  /** Whether an API key (acting for its account) may perform the action. */
  apiKey: boolean;
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
  "invoices:read": { roles: ALL, apiKey: false },
  /** Ask for a refund of unused credits from a paid top-up (an operator decides). */
  "refunds:request": { roles: MANAGERS, apiKey: false },
  "coupons:redeem": { roles: MANAGERS, apiKey: false },
  "budget:read": { roles: ALL, apiKey: false },
  "budget:write": { roles: MANAGERS, apiKey: false },
  "api_keys:manage": { roles: MANAGERS, apiKey: false },
  "webhooks:manage": { roles: MANAGERS, apiKey: false },
  "machine:balance": { roles: ALL, apiKey: true },
  "machine:profile": { roles: ALL, apiKey: true },
  "machine:usage_write": { roles: [], apiKey: true },
  "machine:usage_read": { roles: ALL, apiKey: true },
  "operator:coupons": { roles: [], apiKey: false, operator: true },
  "operator:orders": { roles: [], apiKey: false, operator: true },
  /** List disputes across accounts, accept them or contest them with evidence (/operator/disputes). */
  "operator:disputes": { roles: [], apiKey: false, operator: true },
  /** Approve, reject and start refunds (operators record who and when). */
  "operator:refunds": { roles: [], apiKey: false, operator: true },
  /** See failed background jobs and retry them (/operator/jobs). */
  "operator:jobs": { roles: [], apiKey: false, operator: true },
  /** Reconcile Khata against Cashfree's settlements and read the mismatches (/operator/reconciliation). */
  "operator:reconciliation": { roles: [], apiKey: false, operator: true },
  /** Record payments received outside Cashfree (cheque, NEFT, cash…) and request/decide their cancellation. */
  "operator:offline_payments": { roles: [], apiKey: false, operator: true },
  /** Suspend an account with a reason, and lift it (who and when are recorded). */
  "operator:accounts": { roles: [], apiKey: false, operator: true },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

export type Principal =
  | { kind: "member"; role: Role; isOperator: boolean }
  | { kind: "api_key" }
  | { kind: "operator_without_account"; isOperator: boolean };

/**
 * What a suspended account's sessions and keys may still do (seed 001 / issue 15): read their invoices, payments and
 * balance; switch to another account and sign out everywhere. Operator actions are not the account's (an operator who is a member of it keeps them).
 */
const ALLOWED_WHILE_SUSPENDED: ReadonlySet<Action> = new Set<Action>([
  "invoices:read",
  "payments:read",
  "machine:balance",
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
  if (rule.operator) return principal.kind !== "api_key" && principal.isOperator;
  if (principal.kind === "api_key") return rule.apiKey;
  if (principal.kind === "operator_without_account") return false;
  return rule.roles.includes(principal.role);
}

/** Who may give or take which role: only owners touch the owner role. */
export function canAssignRole(actorRole: Role, fromRole: Role | null, toRole: Role | null): boolean {
  if (actorRole === "member") return false;
  if (actorRole === "owner") return true;
  return fromRole !== "owner" && toRole !== "owner";
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
