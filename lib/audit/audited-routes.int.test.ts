/**
 * Acceptance 3: every audited write route, called through the real apiRoute wrapper on the test database, writes
 * exactly one audit entry named in AUDITED_ROUTES, carrying the call's request id and its caller. A route listed
 * there without a scenario here fails, saying what to add.
 */
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { buildCreateOrderRequest } from "@/lib/cashfree";
import { grantCredits } from "@/lib/credits/grant-credits";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { accounts, auditLog, disputes, subscriptions } from "@/lib/db/schema";
import { getCashfreeClient, setCashfreeClientForTests } from "@/lib/orders/cashfree-client";
import { startSubscription } from "@/lib/subscriptions/start-subscription";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { inviteMember } from "@/lib/accounts/members";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import { createCoupon } from "@/lib/coupons/create-coupon";
import { proposeAdjustment } from "@/lib/adjustments/propose-adjustment";
import { recordOfflinePayment } from "@/lib/offline-payments/record-offline-payment";
import { requestCancellation } from "@/lib/offline-payments/request-cancellation";
import { createWebhookEndpoint } from "@/lib/outbound-webhooks/create-webhook-endpoint";
import { requestPayout } from "@/lib/payouts/request-payout";
import { requestRefund } from "@/lib/refunds/request-refund";
import { suspendAccount } from "@/lib/suspensions/suspend-account";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile, createUser } from "@/lib/testing/factories";
import { insertOrder, payInEmulator, signedHeaders, startTestCashfree, type TestCashfree } from "@/lib/testing/orders";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { AUDITED_ROUTES } from "./audited-routes";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db")>()), getDb: async () => session.db }));

type Call = { as: string; params?: Record<string, string>; body?: unknown; actor?: "user" | "operator" };
type Scenario = (ctx: DatabaseContext, f: Fixtures) => Promise<Call>;
interface Fixtures {
  operator: string;
  operator2: string;
  cf: TestCashfree;
}

async function paidOrder(ctx: DatabaseContext, accountId: string, credits = 100n) {
  const order = await insertOrder(ctx.db, { accountId, credits, status: "PAID", paidAt: new Date() });
  await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "topup", amountCredits: credits, causeKey: `order:${order.id}`, orderId: order.id, description: "top-up" }));
  return order;
}

type Webhook = { raw_body: string; idempotency_key: string };
async function disputeOf(ctx: DatabaseContext, cf: TestCashfree) {
  const deliver = async (w: Webhook) => {
    await handleWebhook({ db: ctx.db, secret: cf.secret }, { rawBody: w.raw_body, headers: signedHeaders(w.raw_body, cf.secret, { idempotencyKey: w.idempotency_key }) });
    await settleWebhookJobs(ctx);
  };
  const account = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, account.accountId);
  const order = await insertOrder(ctx.db, { accountId: account.accountId, credits: 500n });
  await cf.client.createOrder(
    buildCreateOrderRequest({ orderId: order.id, amountPaise: order.amountPaise, customer: { id: account.accountId, phone: "+919876543210" }, returnUrl: "http://localhost:3000/billing/return?order_id={order_id}", notifyUrl: "http://127.0.0.1:1/never-called" }),
    { idempotencyKey: order.id },
  );
  await deliver((await payInEmulator(cf, order.id, "success")).webhook!);
  const raised = (await (await fetch(`${cf.emulator.url}/__control/orders/${order.id}/disputes`, { method: "POST", body: JSON.stringify({ amount: 500, deliver: false }) })).json()) as { dispute: { dispute_id: number }; webhook: Webhook };
  await deliver(raised.webhook);
  const [row] = await ctx.db.select().from(disputes).where(eq(disputes.cfDisputeId, String(raised.dispute.dispute_id)));
  return row!;
}

/** A flagged, still-open order that Cashfree (the emulator) has, optionally paid there without telling Khata. */
async function flaggedOrder(ctx: DatabaseContext, cf: TestCashfree, options: { paid: boolean }) {
  const { accountId } = await createAccount(ctx.db);
  await createBillingProfile(ctx.db, accountId);
  const order = await insertOrder(ctx.db, { accountId, credits: 300n, flagged: true });
  await cf.client.createOrder(
    buildCreateOrderRequest({ orderId: order.id, amountPaise: order.amountPaise, customer: { id: accountId, phone: "+919876543210" }, returnUrl: "http://localhost:3000/billing/return?order_id={order_id}", notifyUrl: "http://127.0.0.1:1/never-called" }),
    { idempotencyKey: order.id },
  );
  if (options.paid) await payInEmulator(cf, order.id, "success");
  return order;
}

const BENEFICIARY = { name: "Asha Traders", account_number: "026291800001191", ifsc: "YESB0000262" };
/** A requested payout of 10 credits from an account with a paid Cashfree top-up. */
async function requestedPayout(ctx: DatabaseContext) {
  const { accountId, ownerId } = await createAccount(ctx.db);
  await paidOrder(ctx, accountId);
  return requestPayout(ctx.db, { accountId, body: { credits: 10n, beneficiary: BENEFICIARY }, requestedByUserId: ownerId, requestedByApiKeyId: null });
}

const PROFILE = { legal_name: "Audit Test Pvt Ltd", address_line1: "1 MG Road", city: "Bengaluru", postal_code: "560001", state_code: "29", phone: "9876543210", email: "billing@audit.test" };

/** One successful call per audited route. Add one here for every route added to AUDITED_ROUTES. */
const SCENARIOS: Record<string, Scenario> = {
  "POST /api/v1/accounts": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { name: "Second company" } }),
  "PUT /api/v1/account/billing-profile": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: PROFILE }),
  "POST /api/v1/account/members": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { email: "new.teammate@audit.test", role: "member" } }),
  "PATCH /api/v1/account/members/:userId": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { userId: (await addMember(ctx.db, accountId, "member")).id }, body: { role: "admin" } };
  },
  "DELETE /api/v1/account/members/:userId": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { userId: (await addMember(ctx.db, accountId, "member")).id } };
  },
  "DELETE /api/v1/account/invitations/:invitationId": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const invited = await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email: "revoke.me@audit.test", role: "member" });
    return { as: ownerId, params: { invitationId: invited.status === "invited" ? invited.invitationId : "" } };
  },
  "POST /api/v1/account/invitations/:invitationId/link": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const invited = await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email: "relink@audit.test", role: "member" });
    return { as: ownerId, params: { invitationId: invited.status === "invited" ? invited.invitationId : "" } };
  },
  "POST /api/v1/account/sessions/revoke": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: {} }),
  "POST /api/v1/account/members/:userId/revoke-key": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    await createPersonalKey(ctx.db, { accountId, userId: member.id });
    return { as: ownerId, params: { userId: member.id }, body: {} };
  },
  "POST /api/v1/admin/accounts/:account_id/suspend": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { account_id: (await createAccount(ctx.db)).accountId }, body: { reason: "Chargebacks under review" } }),
  "POST /api/v1/admin/accounts/:account_id/unsuspend": async (ctx, f) => {
    const { accountId } = await createAccount(ctx.db);
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Review", source: "operator", byUserId: f.operator }));
    return { as: f.operator, actor: "operator", params: { account_id: accountId }, body: { note: "cleared" } };
  },
  "POST /api/v1/admin/adjustments": async (ctx, f) => ({ as: f.operator, actor: "operator", body: { account_id: (await createAccount(ctx.db)).accountId, direction: "grant", credits: 10, reason: "goodwill" } }),
  "POST /api/v1/admin/adjustments/:adjustment_id/approve": async (ctx, f) => {
    const adj = await proposeAdjustment(ctx.db, { accountId: (await createAccount(ctx.db)).accountId, direction: "grant", credits: 10n, reason: "goodwill", operatorUserId: f.operator });
    return { as: f.operator2, actor: "operator", params: { adjustment_id: adj.id } };
  },
  "POST /api/v1/admin/adjustments/:adjustment_id/reject": async (ctx, f) => {
    const adj = await proposeAdjustment(ctx.db, { accountId: (await createAccount(ctx.db)).accountId, direction: "grant", credits: 10n, reason: "goodwill", operatorUserId: f.operator });
    return { as: f.operator2, actor: "operator", params: { adjustment_id: adj.id }, body: { reason: "no ticket" } };
  },
  "POST /api/v1/admin/jobs/:job_id/retry": async (ctx, f) => {
    const [job] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job('audit-test-dead', '{}'::json, max_attempts => 1, run_at => now() + interval '1 day')`));
    await ctx.db.execute(sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = ${job!.id}::bigint`);
    return { as: f.operator, actor: "operator", params: { job_id: job!.id } };
  },
  "POST /api/v1/admin/orders/:order_id/dismiss": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { order_id: (await flaggedOrder(ctx, f.cf, { paid: false })).id }, body: { reason: "Customer confirmed nothing is owed" } }),
  "POST /api/v1/admin/orders/:order_id/settle": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { order_id: (await flaggedOrder(ctx, f.cf, { paid: true })).id }, body: { reason: "Checked with Cashfree: paid, webhook lost" } }),
  "POST /api/v1/admin/payouts/:payout_id/approve": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { payout_id: (await requestedPayout(ctx)).id } }),
  "POST /api/v1/admin/payouts/:payout_id/reject": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { payout_id: (await requestedPayout(ctx)).id }, body: { reason: "beneficiary name does not match" } }),
  "POST /api/v1/admin/coupons": async (_ctx, f) => ({ as: f.operator, actor: "operator", body: { code: `AUD-${Date.now().toString(36)}`, credits: 25 } }),
  "POST /api/v1/admin/coupons/:coupon_id/disable": async (ctx, f) => {
    const coupon = await createCoupon(ctx.db, { code: `DIS-${Date.now().toString(36)}`, credits: 5, createdByUserId: f.operator });
    return { as: f.operator, actor: "operator", params: { coupon_id: coupon.id } };
  },
  "POST /api/v1/admin/disputes/:dispute_id/accept": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { dispute_id: (await disputeOf(ctx, f.cf)).id } }),
  "POST /api/v1/admin/disputes/:dispute_id/contest": async (ctx, f) => ({ as: f.operator, actor: "operator", params: { dispute_id: (await disputeOf(ctx, f.cf)).id }, body: { text: "The credits were used in full." } }),
  "POST /api/v1/admin/refunds": async (ctx, f) => {
    const order = await paidOrder(ctx, (await createAccount(ctx.db)).accountId);
    return { as: f.operator, actor: "operator", body: { order_id: order.id, credits: 10, reason: "goodwill refund" } };
  },
  "POST /api/v1/admin/refunds/:refund_id/approve": async (ctx, f) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const refund = await requestRefund(ctx.db, { accountId, orderId: (await paidOrder(ctx, accountId)).id, credits: 10n, reason: "unused", requestedByUserId: ownerId });
    return { as: f.operator, actor: "operator", params: { refund_id: refund.id } };
  },
  "POST /api/v1/admin/refunds/:refund_id/reject": async (ctx, f) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const refund = await requestRefund(ctx.db, { accountId, orderId: (await paidOrder(ctx, accountId)).id, credits: 10n, reason: "unused", requestedByUserId: ownerId });
    return { as: f.operator, actor: "operator", params: { refund_id: refund.id }, body: { reason: "credits were used" } };
  },
  "POST /api/v1/api-keys": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { name: "ci" } }),
  "POST /api/v1/api-keys/:key_id/regenerate": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { key_id: (await createApiKey(ctx.db, { accountId, name: "regen", createdByUserId: ownerId })).apiKey.id } };
  },
  "POST /api/v1/api-keys/:key_id/revoke": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { key_id: (await createApiKey(ctx.db, { accountId, name: "revoke", createdByUserId: ownerId })).apiKey.id } };
  },
  "POST /api/v1/api-keys/personal": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: {} }),
  "POST /api/v1/api-keys/personal/regenerate": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createPersonalKey(ctx.db, { accountId, userId: ownerId });
    return { as: ownerId, body: {} };
  },
  "POST /api/v1/api-keys/personal/revoke": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createPersonalKey(ctx.db, { accountId, userId: ownerId });
    return { as: ownerId, body: {} };
  },
  "POST /api/v1/coupons/redeem": async (ctx, f) => {
    const coupon = await createCoupon(ctx.db, { code: `RED-${Date.now().toString(36)}`, credits: 5, createdByUserId: f.operator });
    return { as: (await createAccount(ctx.db)).ownerId, body: { code: coupon.code } };
  },
  // Off needs no mandate (switching on does: lib/auto-top-up/auto-top-up.int.test.ts).
  "PUT /api/v1/auto-top-up": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { enabled: false, threshold_credits: 100, amount: 100, monthly_ceiling: 1000 } }),
  "PUT /api/v1/credits/alerts": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { low_balance_threshold: 50 } }),
  "PUT /api/v1/credits/budget": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { monthly_limit: 1000 } }),
  "POST /api/v1/offline-payments": async (ctx, f) => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    return { as: f.operator, actor: "operator", body: { account_id: accountId, amount_paise: 11800, mode: "Bank", reference: "UTR123" } };
  },
  "POST /api/v1/offline-payments/:payment_id/cancel-request": async (ctx, f) => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const paid = await recordOfflinePayment(ctx.db, { account_id: accountId, amount_paise: 11800, mode: "Bank", pays_for: "credit_topup", operatorUserId: f.operator });
    return { as: f.operator, actor: "operator", params: { payment_id: paid.id }, body: { reason: "bounced cheque" } };
  },
  "POST /api/v1/offline-payments/:payment_id/cancel-decision": async (ctx, f) => {
    const { accountId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const paid = await recordOfflinePayment(ctx.db, { account_id: accountId, amount_paise: 11800, mode: "Bank", pays_for: "credit_topup", operatorUserId: f.operator });
    await requestCancellation(ctx.db, { paymentId: paid.id, operatorUserId: f.operator, reason: "bounced cheque" });
    return { as: f.operator2, actor: "operator", params: { payment_id: paid.id }, body: { decision: "approve" } };
  },
  "POST /api/v1/payouts": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await paidOrder(ctx, accountId);
    return { as: ownerId, body: { credits: 10, beneficiary: BENEFICIARY } };
  },
  "POST /api/v1/subscriptions": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(Date.now() + 10 * 24 * 3600_000) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    return { as: ownerId, body: { plan: "pro" } };
  },
  "POST /api/v1/subscriptions/cancel": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
    await ctx.db.update(accounts).set({ planExpiresAt: new Date(Date.now() + 10 * 24 * 3600_000) }).where(eq(accounts.id, accountId));
    await createBillingProfile(ctx.db, accountId);
    await startSubscription({ db: ctx.db, cashfree: getCashfreeClient() }, { accountId, plan: "pro" });
    return { as: ownerId, body: {} };
  },
  "POST /api/v1/subscriptions/change": async (ctx) => {
    const { ownerId } = await activeProSubscription(ctx);
    return { as: ownerId, body: { plan: "starter" } };
  },
  "DELETE /api/v1/subscriptions/change": async (ctx) => {
    const { accountId, ownerId } = await activeProSubscription(ctx);
    await ctx.db.update(subscriptions).set({ scheduledPlan: "starter" }).where(eq(subscriptions.accountId, accountId));
    return { as: ownerId };
  },
  "POST /api/v1/refunds": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, body: { order_id: (await paidOrder(ctx, accountId)).id, credits: 10, reason: "unused" } };
  },
  "POST /api/v1/webhook-endpoints": async (ctx) => ({ as: (await createAccount(ctx.db)).ownerId, body: { url: "https://hooks.example.com/khata" } }),
  "DELETE /api/v1/webhook-endpoints/:id": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { id: (await createWebhookEndpoint(ctx.db, { accountId, url: "https://hooks.example.com/delete" })).endpoint.id } };
  },
  "POST /api/v1/webhook-endpoints/:id/rotate-secret": async (ctx) => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    return { as: ownerId, params: { id: (await createWebhookEndpoint(ctx.db, { accountId, url: "https://hooks.example.com/rotate" })).endpoint.id }, body: {} };
  },
};

/** A pro account whose renewal mandate is authorised (the webhook's effect written directly). */
async function activeProSubscription(ctx: DatabaseContext) {
  const { accountId, ownerId } = await createAccount(ctx.db, { plan: "pro" });
  await ctx.db.update(accounts).set({ planExpiresAt: new Date(Date.now() + 10 * 24 * 3600_000) }).where(eq(accounts.id, accountId));
  await createBillingProfile(ctx.db, accountId);
  const started = await startSubscription({ db: ctx.db, cashfree: getCashfreeClient() }, { accountId, plan: "pro" });
  await ctx.db.update(subscriptions).set({ status: "active" }).where(eq(subscriptions.id, started.subscription.subscription_id));
  return { accountId, ownerId };
}

const routeFile = (route: string) => {
  const urlPath = route.split(" ")[1]!.replace(/^\/api\/v1\//, "");
  return path.join(process.cwd(), "app", "api", "v1", ...urlPath.split("/").map((s) => (s.startsWith(":") ? `[${s.slice(1)}]` : s)), "route.ts");
};

describeWithDatabase("every audited route writes exactly one audit entry", (ctx) => {
  const fixtures = {} as Fixtures;
  beforeAll(async () => {
    session.db = ctx.db as Db;
    fixtures.cf = await startTestCashfree();
    setCashfreeClientForTests(fixtures.cf.client);
    fixtures.operator = (await createUser(ctx.db, { isOperator: true })).id;
    fixtures.operator2 = (await createUser(ctx.db, { isOperator: true })).id;
  });
  afterAll(async () => {
    setCashfreeClientForTests(undefined);
    await fixtures.cf?.close();
  });

  it.each(Object.keys(AUDITED_ROUTES))("%s", async (route) => {
    const scenario = SCENARIOS[route];
    expect(scenario, `add a scenario for "${route}" to SCENARIOS in lib/audit/audited-routes.int.test.ts (one successful call)`).toBeDefined();
    const call = await scenario!(ctx, fixtures);
    const [method, template] = route.split(" ") as [string, string];
    const url = template.replace(/:(\w+)/g, (_, name: string) => call.params?.[name] ?? "");
    const requestId = `audit-${Math.random().toString(36).slice(2)}`;
    const handler = (await import(routeFile(route)))[method] as (r: Request, c?: unknown) => Promise<Response>;
    session.userId = call.as;
    const response = await handler(
      new Request(`http://localhost:3000${url}`, {
        method,
        headers: { origin: "http://localhost:3000", "x-request-id": requestId, ...(call.body === undefined ? {} : { "content-type": "application/json" }) },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      }),
      call.params ? { params: Promise.resolve(call.params) } : undefined,
    );
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    const entries = await ctx.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(entries, `${route} must write exactly one audit entry`).toHaveLength(1);
    expect(AUDITED_ROUTES[route]).toContain(entries[0]!.action);
    expect(entries[0]).toMatchObject({ actorKind: call.actor ?? "user", actorId: call.as });
  });
});
