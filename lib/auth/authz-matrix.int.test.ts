/**
 * The authorization matrix: every /api/v1 route file and method × tier (anonymous, operator, owner, admin, member) ×
 * credential (session, the account's service key, the member's personal key), through the real wrapper (real
 * sessions and keys on PostgreSQL, real resolveActor/authorize) with each handler replaced by a stub, so an allowed
 * call changes nothing. The expectations are written out here a second time, independent of lib/auth/policy.ts:
 * ROUTES pins each route's action and whether it takes keys, TIERS states seed 001's tiers per action. A route
 * file or method missing from ROUTES, an action missing from TIERS, or any disagreement fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import { POLICY, type Action } from "@/lib/auth/policy";
import { rateLimitBuckets } from "@/lib/db/schema";
import type { RouteOptions } from "@/lib/api/route";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount, createUser } from "@/lib/testing/factories";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
// The real wrapper with a stub handler: every step up to the handler runs, the handler never does.
vi.mock("@/lib/api/route", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/api/route")>();
  return {
    ...real,
    apiRoute: (options: RouteOptions<unknown, unknown, unknown>) =>
      Object.assign(real.apiRoute(options, async () => ({ body: { reached: true } })), { routeOptions: options }),
  };
});

type Mode = "session" | "keys" | "public";
/** Every route and method: its action and whether it accepts keys ("keys" = session_or_api_key). */
const ROUTES: Record<string, [Action | "public", Mode]> = {
  "GET /api/v1/account": ["account:read", "session"],
  "POST /api/v1/accounts": ["account:read", "session"],
  "POST /api/v1/account/switch": ["account:switch", "session"],
  "POST /api/v1/account/sessions/revoke": ["sessions:revoke", "session"],
  "GET /api/v1/account/billing-profile": ["billing_profile:read", "session"],
  "PUT /api/v1/account/billing-profile": ["billing_profile:write", "session"],
  "GET /api/v1/account/members": ["team:read", "session"],
  "POST /api/v1/account/members": ["team:manage", "session"],
  "PATCH /api/v1/account/members/:userId": ["team:manage", "session"],
  "DELETE /api/v1/account/members/:userId": ["team:manage", "session"],
  "POST /api/v1/account/members/:userId/revoke-key": ["team:manage", "session"],
  "DELETE /api/v1/account/invitations/:invitationId": ["team:manage", "session"],
  "POST /api/v1/account/invitations/:invitationId/link": ["team:manage", "session"],
  "POST /api/v1/admin/accounts/:account_id/suspend": ["operator:accounts", "session"],
  "POST /api/v1/admin/accounts/:account_id/unsuspend": ["operator:accounts", "session"],
  "GET /api/v1/admin/coupons": ["operator:coupons", "session"],
  "POST /api/v1/admin/coupons": ["operator:coupons", "session"],
  "POST /api/v1/admin/coupons/:coupon_id/disable": ["operator:coupons", "session"],
  "GET /api/v1/admin/disputes": ["operator:disputes", "session"],
  "POST /api/v1/admin/disputes/:dispute_id/accept": ["operator:disputes", "session"],
  "POST /api/v1/admin/disputes/:dispute_id/contest": ["operator:disputes", "session"],
  "POST /api/v1/admin/jobs/:job_id/retry": ["operator:jobs", "session"],
  "GET /api/v1/admin/orders": ["operator:orders", "session"],
  "GET /api/v1/admin/reconciliation/runs": ["operator:reconciliation", "session"],
  "POST /api/v1/admin/reconciliation/runs": ["operator:reconciliation", "session"],
  "GET /api/v1/admin/reconciliation/runs/:run_id/mismatches.csv": ["operator:reconciliation", "session"],
  "GET /api/v1/admin/refunds": ["operator:refunds", "session"],
  "POST /api/v1/admin/refunds": ["operator:refunds", "session"],
  "POST /api/v1/admin/refunds/:refund_id/approve": ["operator:refunds", "session"],
  "POST /api/v1/admin/refunds/:refund_id/reject": ["operator:refunds", "session"],
  "GET /api/v1/api-keys": ["api_keys:manage", "session"],
  "POST /api/v1/api-keys": ["api_keys:manage", "session"],
  "POST /api/v1/api-keys/:key_id/regenerate": ["api_keys:manage", "session"],
  "POST /api/v1/api-keys/:key_id/revoke": ["api_keys:manage", "session"],
  "GET /api/v1/api-keys/personal": ["api_keys:personal", "session"],
  "POST /api/v1/api-keys/personal": ["api_keys:personal", "session"],
  "POST /api/v1/api-keys/personal/regenerate": ["api_keys:personal", "session"],
  "POST /api/v1/api-keys/personal/revoke": ["api_keys:personal", "session"],
  "GET /api/v1/balance": ["machine:balance", "keys"],
  "GET /api/v1/profile": ["machine:profile", "keys"],
  "POST /api/v1/usage": ["machine:usage_write", "keys"],
  "GET /api/v1/usage": ["machine:usage_read", "keys"],
  "POST /api/v1/usage/batch": ["machine:usage_write", "keys"],
  "GET /api/v1/credits/budget": ["budget:read", "keys"],
  "PUT /api/v1/credits/budget": ["budget:write", "keys"],
  "GET /api/v1/credits/alerts": ["budget:read", "keys"],
  "PUT /api/v1/credits/alerts": ["budget:write", "keys"],
  "POST /api/v1/coupons/redeem": ["coupons:redeem", "session"],
  "GET /api/v1/invoices": ["invoices:read", "session"],
  "GET /api/v1/invoices/:invoice_number": ["invoices:read", "session"],
  "GET /api/v1/invoices/:invoice_number/pdf": ["invoices:read", "session"],
  "GET /api/v1/credit-notes": ["invoices:read", "session"],
  "GET /api/v1/credit-notes/:credit_note_number": ["invoices:read", "session"],
  "GET /api/v1/credit-notes/:credit_note_number/pdf": ["invoices:read", "session"],
  "GET /api/v1/disputes": ["payments:read", "session"],
  "GET /api/v1/refunds": ["payments:read", "session"],
  "POST /api/v1/refunds": ["refunds:request", "session"],
  "POST /api/v1/payments/create-order": ["payments:create", "session"],
  "POST /api/v1/payments/retry": ["payments:create", "session"],
  "POST /api/v1/payments/pay": ["payments:create", "session"],
  "POST /api/v1/payments/verify": ["payments:verify", "session"],
  "GET /api/v1/payments/history": ["payments:read", "session"],
  "POST /api/v1/payments/webhook": ["public", "public"],
  "POST /api/v1/subscriptions": ["subscriptions:manage", "session"],
  "GET /api/v1/auto-top-up": ["auto_top_up:manage", "session"],
  "PUT /api/v1/auto-top-up": ["auto_top_up:manage", "session"],
  "POST /api/v1/subscriptions/cancel": ["subscriptions:manage", "session"],
  "POST /api/v1/subscriptions/change": ["subscriptions:manage", "session"],
  "DELETE /api/v1/subscriptions/change": ["subscriptions:manage", "session"],
  "POST /api/v1/subscriptions/webhook": ["public", "public"],
  "GET /api/v1/offline-payments": ["operator:offline_payments", "session"],
  "POST /api/v1/offline-payments": ["operator:offline_payments", "session"],
  "GET /api/v1/offline-payments/accounts": ["operator:offline_payments", "session"],
  "POST /api/v1/offline-payments/:payment_id/cancel-request": ["operator:offline_payments", "session"],
  "POST /api/v1/offline-payments/:payment_id/cancel-decision": ["operator:offline_payments", "session"],
  "GET /api/v1/offline-payments/:payment_id/receipt": ["payments:read", "session"],
  "GET /api/v1/webhook-endpoints": ["webhooks:manage", "session"],
  "POST /api/v1/webhook-endpoints": ["webhooks:manage", "session"],
  "DELETE /api/v1/webhook-endpoints/:id": ["webhooks:manage", "session"],
  "POST /api/v1/webhook-endpoints/:id/rotate-secret": ["webhooks:manage", "session"],
  "GET /api/v1/webhook-endpoints/:id/deliveries": ["webhooks:manage", "session"],
  "POST /api/v1/webhook-deliveries/:id/resend": ["webhooks:manage", "session"],
  "GET /api/v1/account/notification-preferences": ["notifications:manage", "session"],
  "PUT /api/v1/account/notification-preferences": ["notifications:manage", "session"],
  "POST /api/v1/webhook-endpoints/:id/test": ["webhooks:manage", "session"],
  "GET /api/v1/admin/gstr1": ["operator:gst_returns", "session"],
  "GET /api/v1/exports/:kind": ["exports:read", "keys"],
  "GET /api/v1/credits/ledger": ["credits:statement", "keys"],
  "GET /api/v1/credits/statement": ["credits:statement", "keys"],
  "GET /api/v1/admin/adjustments": ["operator:adjustments", "session"],
  "POST /api/v1/admin/adjustments": ["operator:adjustments", "session"],
  "POST /api/v1/admin/adjustments/:adjustment_id/approve": ["operator:adjustments", "session"],
  "POST /api/v1/admin/adjustments/:adjustment_id/reject": ["operator:adjustments", "session"],
  "GET /api/v1/admin/audit-log.csv": ["operator:audit", "session"],
  "GET /api/v1/audit-log": ["audit_log:read", "session"],
  "GET /api/v1/admin/jobs/summary": ["operator:jobs", "session"],
  "POST /api/v1/admin/orders/:order_id/settle": ["operator:orders", "session"],
  "POST /api/v1/admin/orders/:order_id/dismiss": ["operator:orders", "session"],
  "GET /api/v1/admin/payouts": ["operator:payouts", "session"],
  "POST /api/v1/admin/payouts/:payout_id/approve": ["operator:payouts", "session"],
  "POST /api/v1/admin/payouts/:payout_id/reject": ["operator:payouts", "session"],
  "GET /api/v1/admin/accounts": ["operator:accounts", "session"],
  "GET /api/v1/admin/accounts/:account_id": ["operator:accounts", "session"],
  "GET /api/v1/payments": ["machine:payments_read", "keys"],
  "POST /api/v1/payments": ["payments:create_link", "keys"],
  "GET /api/v1/payments/:payment_id": ["machine:payments_read", "keys"],
  "POST /api/v1/payouts/webhook": ["public", "public"],
  "POST /api/v1/payouts": ["payouts:request", "keys"],
  "GET /api/v1/payouts": ["payouts:read", "keys"],
  "GET /api/v1/payouts/:payout_id": ["payouts:read", "keys"],
};

/**
 * Seed 001's tiers per action (docs/ACCOUNTS.md), as "sessions | service key | personal keys": O owner (full access),
 * A admin (manager), M member (API user), op platform operators, S the account's service key, - nobody.
 */
const TIERS: Record<Action, string> = {
  "account:read": "OAM|-|-",
  "account:switch": "OAM|-|-",
  "sessions:revoke": "OAM|-|-",
  "team:read": "OAM|-|-",
  "team:manage": "OA|-|-",
  "billing_profile:read": "OAM|-|-",
  "billing_profile:write": "OA|-|-",
  "payments:create": "OA|-|-",
  "payments:verify": "OAM|-|-",
  "payments:read": "OAM|-|-",
  "invoices:read": "OAM|-|-",
  "refunds:request": "OA|-|-",
  "coupons:redeem": "OA|-|-",
  "budget:read": "OAM|-|OAM",
  "budget:write": "OA|-|OA",
  "api_keys:manage": "OA|-|-",
  "api_keys:personal": "OAM|-|-",
  "webhooks:manage": "OA|-|-",
  "machine:balance": "OAM|S|OAM",
  "machine:profile": "OAM|S|OAM",
  "machine:usage_write": "-|S|-",
  "machine:usage_read": "OAM|S|OAM",
  "operator:coupons": "op|-|-",
  "operator:orders": "op|-|-",
  "operator:disputes": "op|-|-",
  "operator:refunds": "op|-|-",
  "operator:jobs": "op|-|-",
  "operator:reconciliation": "op|-|-",
  "operator:offline_payments": "op|-|-",
  "operator:accounts": "op|-|-",
  "payments:create_link": "OAM|S|OAM",
  "machine:payments_read": "OAM|S|OAM",
  "payouts:request": "OAM|S|OAM",
  "payouts:read": "OAM|S|OAM",
  "operator:payouts": "op|-|-",
  "notifications:manage": "OAM|-|-",
  "operator:gst_returns": "op|-|-",
  "credits:statement": "OAM|S|OAM",
  "exports:read": "OA|S|OA",
  "operator:adjustments": "op|-|-",
  "operator:audit": "op|-|-",
  "audit_log:read": "O|-|-",
  "subscriptions:manage": "O|-|-",
  "auto_top_up:manage": "OA|-|-",
};

const ROOT = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "[...path]" ? [] : routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}
const urlPathOf = (file: string) => `/api/v1/${path.relative(ROOT, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, ":$1");

type Served = { key: string; method: (typeof METHODS)[number]; path: string; handler: (r: Request, c?: never) => Promise<Response>; options: RouteOptions<unknown, unknown, unknown> };
const served: Served[] = [];
for (const file of routeFiles(ROOT)) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const method of METHODS) {
    const handler = mod[method] as (Served["handler"] & { routeOptions?: Served["options"] }) | undefined;
    if (!handler?.routeOptions) continue; // methodsNotAllowed (lib/api/route-files.test.ts checks those)
    const urlPath = urlPathOf(file).replace(/\/$/, "");
    served.push({ key: `${method} ${urlPath}`, method, path: urlPath, handler, options: handler.routeOptions });
  }
}

const COLUMNS = ["anonymous", "operator", "owner", "admin", "member", "service_key", "owner_key", "admin_key", "member_key"] as const;
type Column = (typeof COLUMNS)[number];
type Outcome = "allowed" | "unauthorized" | "insufficient_permissions" | "api_key_not_allowed";
const LETTER = { owner: "O", admin: "A", member: "M" } as const;

function expected(column: Column, action: Action | "public", mode: Mode): Outcome {
  if (action === "public") return "allowed";
  if (column === "anonymous") return "unauthorized";
  const [sessions, service, personal] = TIERS[action].split("|") as [string, string, string];
  if (column === "operator") return sessions === "op" ? "allowed" : "insufficient_permissions";
  if (column === "owner" || column === "admin" || column === "member") {
    return sessions !== "op" && sessions.includes(LETTER[column]) ? "allowed" : "insufficient_permissions";
  }
  if (mode !== "keys") return "api_key_not_allowed";
  if (column === "service_key") return service === "S" ? "allowed" : "api_key_not_allowed";
  if (personal === "-") return "api_key_not_allowed";
  const role = column.replace("_key", "") as keyof typeof LETTER;
  return personal.includes(LETTER[role]) ? "allowed" : "insufficient_permissions";
}

describe("the matrix's own tables", () => {
  it("list every route file and method, and nothing else", () => {
    expect(served.length).toBeGreaterThan(60);
    expect(served.map((s) => s.key).filter((k) => !(k in ROUTES)), "routes without a row in ROUTES").toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !served.some((s) => s.key === k)), "ROUTES rows without a route").toEqual([]);
    expect(Object.keys(POLICY).filter((a) => !(a in TIERS)), "actions without a row in TIERS").toEqual([]);
  });

  it.each(served.map((s) => [s.key, s] as const))("%s is guarded by the action and auth mode its row says", (key, route) => {
    const [action, mode] = ROUTES[key]!;
    const auth = route.options.auth === "session_or_api_key" ? "keys" : route.options.auth;
    expect(auth).toBe(mode);
    if (mode === "public") expect(route.options.action).toBeUndefined();
    else expect(route.options.action, "an authenticated route without an action").toBe(action);
  });
});

describeWithDatabase("authz matrix: every /api/v1 route × tier × credential", (ctx) => {
  const ORIGIN = "http://localhost:3000";
  const callers = {} as Record<Column, { userId: string | null; key: string | null }>;

  beforeAll(async () => {
    session.db = ctx.db;
    (globalThis as unknown as { __khataDb?: Promise<unknown> }).__khataDb = Promise.resolve({ db: ctx.db, url: ctx.url, close: async () => {} });
    const { accountId, ownerId } = await createAccount(ctx.db);
    const admin = await addMember(ctx.db, accountId, "admin");
    const member = await addMember(ctx.db, accountId, "member");
    const operator = await createUser(ctx.db, { isOperator: true });
    const service = await createApiKey(ctx.db, { accountId, name: "matrix", createdByUserId: ownerId });
    const personal = async (userId: string) => (await createPersonalKey(ctx.db, { accountId, userId })).key;
    Object.assign(callers, {
      anonymous: { userId: null, key: null },
      operator: { userId: operator.id, key: null },
      owner: { userId: ownerId, key: null },
      admin: { userId: admin.id, key: null },
      member: { userId: member.id, key: null },
      service_key: { userId: null, key: service.key },
      owner_key: { userId: null, key: await personal(ownerId) },
      admin_key: { userId: null, key: await personal(admin.id) },
      member_key: { userId: null, key: await personal(member.id) },
    });
  });

  it.each(served.map((s) => [s.key, s] as const))("%s", async (key, route) => {
    const [action, mode] = ROUTES[key]!;
    await ctx.db.delete(rateLimitBuckets); // ~70 routes × 9 callers: the matrix is about permissions, not budgets
    const params = Object.fromEntries([...route.path.matchAll(/:([^/]+)/g)].map((m) => [m[1]!, "x"]));
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const column of COLUMNS) {
      const caller = callers[column];
      session.userId = caller.userId;
      const request = new Request(`${ORIGIN}${route.path.replace(/:([^/]+)/g, "x")}`, {
        method: route.method,
        headers: { origin: ORIGIN, ...(caller.key ? { "x-api-key": caller.key } : {}), ...(route.method === "GET" ? {} : { "content-type": "application/json" }) },
        body: route.method === "GET" ? undefined : "{}",
      });
      const response = await route.handler(request, { params: Promise.resolve(params) } as never);
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
      const code = body.error?.code;
      got[column] =
        response.status === 401 && code === "unauthorized"
          ? "unauthorized"
          : response.status === 403 && (code === "insufficient_permissions" || code === "api_key_not_allowed")
            ? code
            : response.status < 500 && ![401, 403, 429].includes(response.status)
              ? "allowed"
              : `${response.status} ${code}`;
      want[column] = expected(column, action, mode);
    }
    session.userId = null;
    expect(got).toEqual(want);
  });
});
